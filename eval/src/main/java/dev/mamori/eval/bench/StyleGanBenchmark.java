package dev.mamori.eval.bench;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.generative.training.R1Penalty;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.models.gan.StyleGan2;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The benchmark suite's wave-2 {@code stylegan} case (shared/bench/SUITE.md): the registry's {@code stylegan2_bench_32}
 * (G 946,548 + D 870,433 parameters), batch 32. A training step is a generator step (D frozen, softplus(-D(G(z))), Adam)
 * then a discriminator step (fakes without gradient, real = a fixed uniform [-1, 1] batch, softplus losses plus R1 with
 * gamma 1 every step), both Adam lr 0.0025, betas (0, 0.99). Inference is G(z) for a fixed z without a tape, noise drawn.
 *
 * <p>One difference from the PyTorch twin, stated beside every ratio: the twin computes R1's parameter gradient by exact
 * double backpropagation (create_graph=True); Mamori's tape has no second-order pass and uses {@link R1Penalty}'s
 * central finite difference, two extra discriminator evaluations and one first-order backward pass through them.
 */
public final class StyleGanBenchmark {
    public static final String CASE = "stylegan", MODEL = "stylegan2_bench_32";
    private final SuiteProtocol protocol;

    public StyleGanBenchmark(SuiteProtocol protocol) {
        this.protocol = protocol;
    }

    /** SUITE.md's wave-2 protocol: batch 32, 3 warm-up iterations, the mean of 10. */
    public static StyleGanBenchmark standard() {
        return new StyleGanBenchmark(new SuiteProtocol(32, 3, 10));
    }

    public SuiteProtocol protocol() {
        return protocol;
    }

    /** The timed bodies: a G + D training step and a generator forward. */
    record Phases(StyleGan2 model, IntConsumer train, IntConsumer infer) {}

    Phases phases() {
        Init.seed(0);
        StyleGan2 gan = ModelRegistry.create(MODEL, StyleGan2.class);
        int b = protocol.batch(), zDim = gan.config().zDim();
        SplittableRandom rng = new SplittableRandom(0);
        INDArray real = RandomArrays.uniform(rng, -1, 1, b, 3, 32, 32), zFixed = RandomArrays.normal(rng, 0, 1, b, zDim);
        Adam optG = new Adam(gan.generator.trainableParameters(), 0.0025, 0, 0.99, 1e-8, 0, false);
        Adam optD = new Adam(gan.discriminator.trainableParameters(), 0.0025, 0, 0.99, 1e-8, 0, false);
        R1Penalty r1 = new R1Penalty(1.0);
        NoiseInput noise = shape -> RandomArrays.normal(rng, 0, 1, shape);
        return new Phases(gan,
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-stylegan-train")) {
                        gan.discriminator.freeze("*");
                        optG.zeroGrad();
                        Tensor z = Tensor.of(RandomArrays.normal(rng, 0, 1, b, zDim));
                        Activations.softplus(gan.discriminator.call(gan.generator.call(z, 1.0, noise)).neg()).mean().backward();
                        optG.step();
                        gan.discriminator.unfreeze("*");
                        Tensor fake;
                        try (GradMode.Scope off = GradMode.noGrad()) {
                            fake = gan.generator.call(Tensor.of(RandomArrays.normal(rng, 0, 1, b, zDim)), 1.0, noise);
                        }
                        optD.zeroGrad();
                        Tensor dReal = gan.discriminator.call(Tensor.of(real));
                        Activations.softplus(gan.discriminator.call(fake)).mean().add(Activations.softplus(dReal.neg()).mean()).backward();
                        R1Penalty.Result p = r1.compute(gan.discriminator::call, real, 1.0);
                        if (p.surrogate() != null) p.surrogate().backward();
                        optD.step();
                    }
                },
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-stylegan-infer"); GradMode.Scope off = GradMode.noGrad()) {
                        gan.generator.call(Tensor.of(zFixed), 1.0, noise);
                    }
                });
    }

    public NnBenchmark.Result run() {
        Phases p = phases();
        double train = protocol.meanMillis(p.train());
        double infer = protocol.meanMillis(p.infer());
        return new NnBenchmark.Result(CASE, p.model().parameterCount(), train, infer, Double.NaN);
    }
}
