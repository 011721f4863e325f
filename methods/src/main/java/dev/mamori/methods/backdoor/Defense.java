package dev.mamori.methods.backdoor;

import dev.mamori.models.Normalized;

/**
 * A backdoor defense that repairs a model with the defender's few clean samples (ours and every baseline). It changes
 * the model it is given in place: pass a copy ({@link ModelCopies}). It must not use triggered test data: what it may
 * know is in its {@link DefenseContext} (the samples, the trigger in the trigger-known setting, and the
 * reverse-engineered trigger in the trigger-unknown one).
 */
public interface Defense {

    /** A short name for tables ("finetune", "anp", "ours_known", ...). */
    String name();

    /** What the defense does, with its settings, for reports. */
    String describe();

    /** Defends {@code model} in place; the run records seconds, samples used, and the stages to evaluate. */
    DefenseRun defend(Normalized model, DefenseContext context);
}
