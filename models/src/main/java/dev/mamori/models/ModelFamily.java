package dev.mamori.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.nn.Module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A family of models of one class with one config record, and the standard configurations it registers (timm's
 * {@code @register_model} functions of one file). Families are found by {@link java.util.ServiceLoader}: a family is a
 * public class with a public no-argument constructor that calls {@link #register} for its configurations, listed in
 * {@code META-INF/services/dev.mamori.models.ModelFamily} of the module that holds it. See the package documentation
 * for a worked example.
 *
 * @param <C> the config record (field names are the keys of overrides and of exported architecture descriptions)
 * @param <M> the model class
 */
public abstract class ModelFamily<C extends Record, M extends Module> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final ModelKind kind;
    private final Class<M> type;
    private final Class<C> configType;
    private final C defaults;
    private final List<ModelEntry> entries = new ArrayList<>();

    /**
     * @param name     the family name, also a model name that builds {@code defaults} ({@code vit}, {@code convmixer})
     * @param kind     what the models are for
     * @param type     the class every model of the family is an instance of (exactly)
     * @param configType the config record class
     * @param defaults the config built by the family name alone
     */
    protected ModelFamily(String name, ModelKind kind, Class<M> type, Class<C> configType, C defaults) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.type = Objects.requireNonNull(type, "type");
        this.configType = Objects.requireNonNull(configType, "configType");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /** A new model with fresh weights. */
    public abstract M create(C config);

    /** The config {@code model} was built with. */
    public abstract C configOf(M model);

    /** The input facts of a config (size, whether fixed); normalization is added per registered entry. */
    public abstract Preprocessing preprocessing(C config);

    /** Registers a standard configuration; call it from the constructor. */
    protected final void register(String modelName, C config, String description) {
        register(modelName, config, description, null, 0);
    }

    /**
     * Registers a standard configuration with the normalization its reference weights expect (null: the dataset's)
     * and the reference parameter count (0: not stated).
     */
    protected final void register(String modelName, C config, String description, Normalization normalization, long parameters) {
        entries.add(new ModelEntry(modelName, this, config, description, preprocessing(config).withNormalization(normalization), parameters));
    }

    public final String name() {
        return name;
    }

    public final ModelKind kind() {
        return kind;
    }

    public final Class<M> type() {
        return type;
    }

    public final Class<C> configType() {
        return configType;
    }

    public final C defaults() {
        return defaults;
    }

    /** The registered configurations, in registration order. */
    public final List<ModelEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** A model from a config given as a map of the record's field names (all fields present). */
    public final M create(Map<String, Object> config) {
        return create(config(config));
    }

    /** The config record of a map of field names; a value that does not fit is an error naming the family. */
    public final C config(Map<String, Object> config) {
        try {
            return JSON.convertValue(config, configType);
        } catch (IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new IllegalArgumentException("model family '" + name + "': invalid config: " + root.getMessage(), e);
        }
    }

    /** The record as a map of field names to values (arrays stay arrays). */
    @SuppressWarnings("unchecked")
    public final Map<String, Object> configMap(Record config) {
        if (!configType.isInstance(config)) {
            throw new IllegalArgumentException("family '" + name + "' takes a " + configType.getSimpleName() + ", got a " + config.getClass().getSimpleName());
        }
        return JSON.convertValue(config, LinkedHashMap.class);
    }

    /** The config of {@code model} when it is exactly of this family's class. */
    public final Optional<C> configOfModel(Module model) {
        return model.getClass() == type ? Optional.of(configOf(type.cast(model))) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ModelFamily{" + name + ", " + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + type.getSimpleName() + ", "
                + entries.size() + " configurations}";
    }
}
