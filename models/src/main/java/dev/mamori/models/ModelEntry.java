package dev.mamori.models;

import java.util.Map;

/**
 * One registered configuration, as a timm model name with its default_cfg: the {@link ModelFamily} that builds it, the
 * family's config record, a description, the {@link Preprocessing} facts, and the reference parameter count when one
 * is known (timm, torchvision, our benchmark suite; 0 when none is stated).
 */
public record ModelEntry(String name, ModelFamily<?, ?> family, Record config, String description, Preprocessing preprocessing,
                         long parameters) {

    public ModelEntry {
        if (name == null || !name.matches("[a-z0-9_]+")) throw new IllegalArgumentException("model names are lower-case snake_case; got '" + name + "'");
        if (!family.configType().isInstance(config)) {
            throw new IllegalArgumentException("model '" + name + "': config is a " + config.getClass().getSimpleName() + ", family '"
                    + family.name() + "' takes a " + family.configType().getSimpleName());
        }
        if (parameters < 0) throw new IllegalArgumentException("model '" + name + "': parameter count must be >= 0 (0: not stated)");
    }

    public ModelKind kind() {
        return family.kind();
    }

    /** The config as a map of field names to values (what overrides and exported files use). */
    public Map<String, Object> configMap() {
        return family.configMap(config);
    }

    /** Whether a reference parameter count is stated. */
    public boolean statesParameters() {
        return parameters > 0;
    }
}
