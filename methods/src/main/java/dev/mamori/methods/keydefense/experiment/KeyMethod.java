package dev.mamori.methods.keydefense.experiment;

import dev.mamori.methods.keydefense.Proliferation;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a keyed model of the experiment is made (the names are those of the config's {@code methods}). */
public enum KeyMethod {
    /** The pre-trained plain backbone itself (no key): the baseline. */
    PLAIN("plain"),
    /** A freshly initialised network trained on transformed images (the key-based defense of METHODS.md item 1). */
    SCRATCH("scratch"),
    /** The key absorbed into the plain backbone's patch embedding, no training (shuffle and negative/positive only). */
    ABSORBED("absorbed"),
    /** Proliferation (a): patch embedding and head fine-tuned. */
    EMBEDDING_AND_HEAD("embedding_and_head"),
    /** Proliferation (b): LoRA adapters, patch embedding and head fine-tuned. */
    LORA("lora"),
    /** Proliferation (c): every parameter fine-tuned. */
    FULL("full"),
    /** N secret (patch embedding, head) pairs on the frozen backbone, a key drawn per query (METHODS.md item 3). */
    MULTI_KEY("multi_key");

    private final String configName;

    KeyMethod(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** The proliferation strategy of a fine-tuning method. */
    public Proliferation.Strategy strategy() {
        return switch (this) {
            case EMBEDDING_AND_HEAD -> Proliferation.Strategy.EMBEDDING_AND_HEAD;
            case LORA -> Proliferation.Strategy.LORA;
            case FULL, SCRATCH -> Proliferation.Strategy.FULL;
            default -> throw new IllegalStateException(this + " is not trained with a proliferation strategy");
        };
    }

    public boolean isFineTuning() {
        return this == EMBEDDING_AND_HEAD || this == LORA || this == FULL;
    }

    public static KeyMethod fromConfigName(String name) {
        for (KeyMethod m : values()) if (m.configName.equals(name)) return m;
        throw new IllegalArgumentException("unknown method '" + name + "'; expected one of "
                + Arrays.stream(values()).filter(m -> m != PLAIN).map(KeyMethod::configName).collect(Collectors.joining(", ")));
    }
}
