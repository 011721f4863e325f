package dev.mamori.methods.robustness;

import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.common.ExperimentSeeds;
import dev.mamori.nn.train.ClassificationStep;
import dev.mamori.nn.train.StepContext;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainBatch;
import dev.mamori.nn.train.TrainingStep;

/**
 * Adversarial training (Madry et al., "Towards deep learning models resistant to adversarial attacks", ICLR 2018,
 * eq. 2.1): each mini-batch is replaced by the attack's adversarial examples against the current weights (the inner
 * maximization, usually L-inf PGD with a random start and early stopping off), then one ordinary classification step
 * is taken on them (the outer minimization). The attack is seeded from the run's seed and the global step, so a resumed
 * run draws the same perturbations. Reports the step's {@code loss} and {@code accuracy} on the adversarial batch.
 */
public final class AdversarialTrainingStep implements TrainingStep<TrainBatch> {
    private final Attack<?> attack;
    private final ClassificationStep step;
    private final long seed;

    /** {@code attack} targets the model {@code step} trains (it restores the model's training mode after each run). */
    public AdversarialTrainingStep(Attack<?> attack, ClassificationStep step, long seed) {
        this.attack = attack;
        this.step = step;
        this.seed = seed;
    }

    @Override
    public StepResult run(TrainBatch batch, StepContext context) {
        attack.seed(ExperimentSeeds.of(seed, "adversarial-step-" + context.globalStep()));
        var adversarial = attack.run(batch.inputs(), batch.labels()).adversarial();
        return step.run(new TrainBatch(adversarial, batch.labels()), context);
    }
}
