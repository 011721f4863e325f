package dev.mamori.models;

import dev.mamori.nn.Module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * One registry of models, as in timm: a model is created by its standard name ({@code vit_tiny_patch16_224},
 * {@code resnet18}, ...) or by family name with the family's default config ({@code vit}, {@code convmixer},
 * {@code resnet}, {@code simple_cnn}), with overrides of config fields ({@code numClasses}, {@code inChannels},
 * {@code imageSize}, ...) applied to either. Creation is typed: {@code create(name, Classifier.class)}; a model of
 * another type is an error naming both. Parameter names follow timm, torchvision and diffusers.
 *
 * <p>The registry holds no list of models: each {@link ModelFamily} registers its own configurations beside its class
 * and is found by {@link ServiceLoader} ({@code META-INF/services/dev.mamori.models.ModelFamily} in the module that
 * holds it). A service file rather than a list here because families live in several modules (the generative models
 * sit downstream of this one) and this module cannot name their classes.
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    /** The families and names, loaded once. */
    private static final class Index {
        static final Map<String, ModelFamily<?, ?>> FAMILIES = new LinkedHashMap<>();
        static final Map<String, ModelEntry> ENTRIES = new LinkedHashMap<>();

        static {
            List<ModelFamily<?, ?>> found = new ArrayList<>();
            for (ModelFamily<?, ?> f : ServiceLoader.load(ModelFamily.class, ModelRegistry.class.getClassLoader())) found.add(f);
            for (ModelFamily<?, ?> f : found) {
                ModelFamily<?, ?> previous = FAMILIES.putIfAbsent(f.name(), f);
                if (previous != null) {
                    throw new IllegalStateException("two model families are named '" + f.name() + "': " + previous.getClass().getName()
                            + " and " + f.getClass().getName());
                }
            }
            for (ModelFamily<?, ?> f : found) {
                for (ModelEntry e : f.entries()) {
                    ModelEntry previous = ENTRIES.putIfAbsent(e.name(), e);
                    if (previous != null) {
                        throw new IllegalStateException("model name '" + e.name() + "' is registered twice, by families '"
                                + previous.family().name() + "' and '" + f.name() + "'");
                    }
                    ModelFamily<?, ?> named = FAMILIES.get(e.name());
                    if (named != null && named != f) {
                        throw new IllegalStateException("model name '" + e.name() + "' of family '" + f.name() + "' is the name of family '"
                                + named.name() + "'");
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ creation

    /**
     * Creates a standard model, or a family default, with overrides applied to its config, as a {@code type}. An
     * unknown name, an override naming no config field, or a model that is not a {@code type} is an error that says
     * what is known.
     */
    public static <T> T create(String name, Map<String, Object> overrides, Class<T> type) {
        ModelFamily<?, ?> family;
        Map<String, Object> config;
        ModelEntry e = Index.ENTRIES.get(name);
        if (e != null) {
            family = e.family();
            config = e.configMap();
        } else if (Index.FAMILIES.containsKey(name)) {
            family = Index.FAMILIES.get(name);
            config = family.configMap(family.defaults());
        } else {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + names().keySet() + " or families " + Index.FAMILIES.keySet());
        }
        if (!type.isAssignableFrom(family.type())) {
            throw new IllegalArgumentException("model '" + name + "' is a " + family.type().getSimpleName() + " (family '" + family.name() + "', "
                    + family.kind().name().toLowerCase(Locale.ROOT) + "), not a " + type.getSimpleName());
        }
        for (Map.Entry<String, Object> o : overrides.entrySet()) {
            if (!config.containsKey(o.getKey())) {
                throw new IllegalArgumentException("model '" + name + "' has no config field '" + o.getKey() + "'; fields: " + config.keySet());
            }
            config.put(o.getKey(), o.getValue());
        }
        return type.cast(family.create(config));
    }

    public static <T> T create(String name, Class<T> type) {
        return create(name, Map.of(), type);
    }

    /** A classifier by name with overrides (see {@link #create(String, Map, Class)}). */
    public static Classifier create(String name, Map<String, Object> overrides) {
        return create(name, overrides, Classifier.class);
    }

    /** A classifier by name. */
    public static Classifier create(String name) {
        return create(name, Map.of(), Classifier.class);
    }

    // ------------------------------------------------------------------ what is registered

    /** Every standard name with its description, sorted. */
    public static Map<String, String> names() {
        Map<String, String> out = new TreeMap<>();
        Index.ENTRIES.forEach((n, e) -> out.put(n, e.description()));
        return out;
    }

    /** The standard names of one kind with their descriptions, sorted. */
    public static Map<String, String> names(ModelKind kind) {
        Map<String, String> out = new TreeMap<>();
        Index.ENTRIES.forEach((n, e) -> {
            if (e.kind() == kind) out.put(n, e.description());
        });
        return out;
    }

    /** Every registered configuration, family by family in registration order. */
    public static List<ModelEntry> entries() {
        return List.copyOf(Index.ENTRIES.values());
    }

    /** The entry of a standard name. */
    public static ModelEntry entry(String name) {
        ModelEntry e = Index.ENTRIES.get(name);
        if (e == null) throw new IllegalArgumentException("unknown model '" + name + "'; known: " + names().keySet());
        return e;
    }

    /** The full config of a standard name (a copy). */
    public static Map<String, Object> config(String name) {
        return entry(name).configMap();
    }

    /** The families, by name. */
    public static Map<String, ModelFamily<?, ?>> families() {
        return Collections.unmodifiableMap(Index.FAMILIES);
    }

    /** The family called {@code name}. */
    public static ModelFamily<?, ?> family(String name) {
        ModelFamily<?, ?> f = Index.FAMILIES.get(name);
        if (f == null) throw new IllegalArgumentException("unknown model family '" + name + "'; known: " + Index.FAMILIES.keySet());
        return f;
    }

    /** A model's family and full config, so that {@code create(family, config)} rebuilds its architecture. */
    public record Description(String family, Map<String, Object> config) {}

    /**
     * The family and config of a model built by a registered family (the model's class exactly); empty for other
     * modules (wrappers such as {@link Normalized} included).
     */
    public static Optional<Description> describe(Module model) {
        for (ModelFamily<?, ?> f : Index.FAMILIES.values()) {
            Optional<? extends Record> c = f.configOfModel(model);
            if (c.isPresent()) return Optional.of(new Description(f.name(), f.configMap(c.get())));
        }
        return Optional.empty();
    }
}
