package dev.mamori.nn.train;

import dev.mamori.nn.Stochastic;
import dev.mamori.nn.optim.GradClipping;
import dev.mamori.nn.optim.Optimizer;
import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a {@link TrainingStep} gets besides its batch: where the run stands (global step, epoch, batch), randomness
 * that depends only on (seed, global step), and the named optimizers with the trainer's gradient clipping.
 *
 * <p>Randomness: {@link #random()} is a generator seeded from (run seed, global step), so a resumed run draws exactly
 * what the uninterrupted run drew at that step, and drawing more or less in one step changes no other step. The
 * stochastic modules (dropout) are reseeded from the same pair by the trainer on streams of their own.
 */
public final class StepContext {
    /** The stream of {@link #random()}; the stochastic modules use streams 0, 1, 2, ... of the same step seed. */
    private static final long STEP_STREAM = -1, ND4J_STREAM = -2;

    private final long globalStep;
    private final int epoch;
    private final int batchInEpoch;
    private final long stepSeed;
    private final Map<String, Optimizer> optimizers;
    private final double gradClipNorm;
    private SplittableRandom random;
    private Random nd4jRandom;

    StepContext(long globalStep, int epoch, int batchInEpoch, long stepSeed, Map<String, Optimizer> optimizers, double gradClipNorm) {
        this.globalStep = globalStep;
        this.epoch = epoch;
        this.batchInEpoch = batchInEpoch;
        this.stepSeed = stepSeed;
        this.optimizers = optimizers;
        this.gradClipNorm = gradClipNorm;
    }

    /** Steps completed before this one in the whole run (0-based): what learning-rate schedules and warm-ups read. */
    public long globalStep() {
        return globalStep;
    }

    /** The epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** The batch's index in its epoch (0-based). */
    public int batchInEpoch() {
        return batchInEpoch;
    }

    /** This step's generator (the same object for the whole step), seeded from (run seed, global step). */
    public SplittableRandom random() {
        if (random == null) random = new SplittableRandom(Stochastic.mix(stepSeed, STEP_STREAM));
        return random;
    }

    /** Float32 N(0, 1) noise of this shape, drawn from {@link #random()}. */
    public INDArray normal(long... shape) {
        return RandomArrays.normal(random(), 0, 1, shape);
    }

    /** Float32 U[0, 1) values of this shape, drawn from {@link #random()}. */
    public INDArray uniform(long... shape) {
        return RandomArrays.uniform(random(), 0, 1, shape);
    }

    /** {@code n} integers in [0, bound) from {@link #random()} (diffusion timesteps). */
    public int[] integers(int n, int bound) {
        return RandomArrays.integers(random(), n, bound);
    }

    /** An ND4J generator for ops that take one, seeded from (run seed, global step) on a stream of its own. */
    public Random nd4jRandom() {
        if (nd4jRandom == null) nd4jRandom = Nd4j.getRandomFactory().getNewRandomInstance(Stochastic.mix(stepSeed, ND4J_STREAM));
        return nd4jRandom;
    }

    /** The optimizer registered under this name. */
    public Optimizer optimizer(String name) {
        Optimizer o = optimizers.get(name);
        if (o == null) throw new IllegalArgumentException("no optimizer named '" + name + "'; this trainer has " + optimizers.keySet());
        return o;
    }

    /** Clears the gradients of that optimizer's parameters (before its loss's backward pass). */
    public void zeroGrad(String optimizer) {
        optimizer(optimizer).zeroGrad();
    }

    /**
     * Applies the gradients to that optimizer's parameters: clips them to the configured global norm (if any), then
     * takes the optimizer step at the learning rate its schedule gives for this global step.
     */
    public void step(String optimizer) {
        Optimizer o = optimizer(optimizer);
        if (gradClipNorm > 0) GradClipping.clipByNorm(o.parameters().values(), gradClipNorm);
        o.step();
    }
}
