package dev.mamori.methods.backdoor.baselines;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.common.Predictions;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.models.Normalized;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Implicit Backdoor Adversarial Unlearning (Zeng et al., ICLR 2022) as a minimax over one universal perturbation
 * delta shared by all samples (a trigger stand-in): per round, the inner step maximizes the cross-entropy of the
 * model's own predictions on x + delta (Adam, {@code innerSteps} full-batch steps, L2 ball of radius
 * {@code radius} * sqrt(C H W), i.e. {@code radius} per pixel in RMS), then the outer steps train the model (Adam) on
 * clamp(x + delta, 0, 1) with the true labels. The reference differentiates the outer loss through the inner
 * maximizer with an implicit hypergradient (fixed-point iterations with second derivatives); our autograd has no
 * second derivatives, so the outer gradient is the partial one, which Danskin's theorem makes the exact gradient of
 * the max-loss when the inner maximum is attained in the interior of the ball (ours: an approximation otherwise).
 */
public final class Ibau implements Defense {
    private final int rounds;
    private final int innerSteps;
    private final double innerLr;
    private final double radius;
    private final int outerSteps;
    private final double outerLr;
    private final int batchSize;
    private final long seed;

    public Ibau(int rounds, int innerSteps, double innerLr, double radius, int outerSteps, double outerLr, int batchSize, long seed) {
        if (rounds < 1 || innerSteps < 1 || outerSteps < 1) throw new IllegalArgumentException("I-BAU rounds and steps must be >= 1");
        if (!(radius > 0)) throw new IllegalArgumentException("I-BAU radius must be positive");
        this.rounds = rounds;
        this.innerSteps = innerSteps;
        this.innerLr = innerLr;
        this.radius = radius;
        this.outerSteps = outerSteps;
        this.outerLr = outerLr;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "ibau";
    }

    @Override
    public String describe() {
        return "I-BAU: " + rounds + " rounds of (" + innerSteps + " inner Adam steps lr " + innerLr + " on a universal perturbation, L2 radius "
                + radius + " per pixel RMS; " + outerSteps + " outer Adam steps lr " + outerLr + ", batch " + batchSize
                + "), partial (Danskin) outer gradient instead of the implicit hypergradient";
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples s = context.samples().checkFor(model);
        long t0 = System.nanoTime();
        long[] shape = s.images().shape();
        double bound = radius * Math.sqrt((double) shape[1] * shape[2] * shape[3]);
        Adam outer = new Adam(model.trainableParameters(), outerLr);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = s.size(), b = Math.min(batchSize, n);
        double lastInner = 0, lastOuter = 0, lastNorm = 0;
        long steps = 0;
        for (int round = 0; round < rounds; round++) {
            // inner: a universal perturbation against the current model's own predictions
            model.eval();
            int[] own = Predictions.of(model, s.images());
            Tensor delta = Tensor.param(Nd4j.zeros(DataType.FLOAT, 1, shape[1], shape[2], shape[3]));
            Adam inner = new Adam(Map.of("delta", delta), innerLr);
            for (int k = 0; k < innerSteps; k++) {
                try (MemoryScope ignored = MemoryScope.open("backdoor-ibau")) {
                    Tensor loss = Losses.crossEntropy(model.call(Tensor.of(s.images()).add(delta)), own).neg();
                    delta.setGrad(MemoryScope.keep(Autograd.grad(loss, delta).dup()));
                    lastInner = -loss.item();
                }
                inner.step();
                double norm = delta.value().norm2Number().doubleValue();
                if (norm > bound) delta.value().muli(bound / norm);
                lastNorm = Math.min(norm, bound);
            }
            INDArray d = delta.value().dup();
            // outer: train on the perturbed samples with their true labels
            model.train();
            for (int k = 0; k < outerSteps; k++) {
                int[] idx = Anp.batch(n, b, rng);
                INDArray x = Poisoning.rows(s.images(), idx);
                int[] y = new int[b];
                for (int i = 0; i < b; i++) y[i] = s.labels()[idx[i]];
                Stochastic.reseedAll(model, Stochastic.mix(seed, steps));
                try (MemoryScope ignored = MemoryScope.open("backdoor-ibau")) {
                    outer.zeroGrad();
                    Tensor perturbed = Tensor.of(x).add(Tensor.of(d)).clamp(0, 1);
                    Tensor loss = Losses.crossEntropy(model.call(perturbed), y);
                    loss.backward();
                    outer.step();
                    lastOuter = loss.item();
                }
                steps++;
            }
        }
        model.eval();
        MemoryScope.release("backdoor-ibau");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outer_steps", steps);
        details.put("last_inner_loss", lastInner);
        details.put("last_outer_loss", lastOuter);
        details.put("last_perturbation_l2", lastNorm);
        return DefenseRun.single(name(), (System.nanoTime() - t0) / 1e9, s.size(), details);
    }
}
