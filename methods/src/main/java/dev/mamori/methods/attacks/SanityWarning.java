package dev.mamori.methods.attacks;

/** A reason to distrust a robustness evaluation, in the spirit of AutoAttack's checks. */
public record SanityWarning(Kind kind, String message) {

    public enum Kind {
        /** The model's outputs change between calls on the same input: a randomized defense (attack it with EOT). */
        RANDOMIZED_OUTPUT,
        /** Input gradients are zero or vanishing for some examples: gradient masking (use BPDA or a black-box attack). */
        ZERO_GRADIENT,
        /** A black-box attack succeeded where white-box attacks failed: gradient masking. */
        BLACK_BOX_STRONGER,
        /** The outputs look like probabilities (in [0, 1], rows summing to 1) where attacks expect logits. */
        PROBABILITY_OUTPUT,
        /** Too few classes for an attack's loss (DLR needs 3, targeted DLR 4). */
        TOO_FEW_CLASSES
    }

    public SanityWarning {
        if (kind == null || message == null) throw new IllegalArgumentException("a warning needs a kind and a message");
    }

    @Override
    public String toString() {
        return "WARNING [" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "]: " + message;
    }
}
