package dev.mamori.eval.bench;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.diffusion.UNet2DConditionModel;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The benchmark suite's wave-2 {@code unet} case (shared/bench/SUITE.md): the registry's {@code unet_bench_16}
 * (3,008,836 parameters), batch 32 of latents [4, 16, 16] and contexts [8, 64] drawn once from N(0, 1); a training
 * step draws t ~ U{0..999} and noise inside the timed step, noises x0 with the scaled-linear schedule's cumulative
 * alphas, and takes AdamW (lr 1e-4, weight decay 0.01) on the epsilon-prediction MSE; inference is one denoising
 * forward at t = 500 in eval mode without a tape. No input gradient (the suite does not measure one for this case).
 */
public final class UNetBenchmark {
    public static final String CASE = "unet", MODEL = "unet_bench_16";
    private static final int T = 1000;
    private final SuiteProtocol protocol;

    public UNetBenchmark(SuiteProtocol protocol) {
        this.protocol = protocol;
    }

    /** SUITE.md's wave-2 protocol: batch 32, 3 warm-up iterations, the mean of 10. */
    public static UNetBenchmark standard() {
        return new UNetBenchmark(new SuiteProtocol(32, 3, 10));
    }

    public SuiteProtocol protocol() {
        return protocol;
    }

    /** The timed bodies: a training step and an inference pass. */
    record Phases(UNet2DConditionModel model, IntConsumer train, IntConsumer infer) {}

    Phases phases() {
        Init.seed(0);
        UNet2DConditionModel unet = ModelRegistry.create(MODEL, UNet2DConditionModel.class);
        int b = protocol.batch();
        SplittableRandom rng = new SplittableRandom(0);
        INDArray x0 = RandomArrays.normal(rng, 0, 1, b, 4, 16, 16), context = RandomArrays.normal(rng, 0, 1, b, 8, 64);
        double[] alphaBar = alphasCumprod();
        Adam adamW = Adam.adamW(unet.trainableParameters(), 1e-4, 0.01);
        long[] inferT = new long[b];
        java.util.Arrays.fill(inferT, 500);
        return new Phases(unet,
                i -> {
                    long[] t = new long[b];
                    for (int k = 0; k < b; k++) t[k] = rng.nextInt(T);
                    INDArray noise = RandomArrays.normal(rng, 0, 1, b, 4, 16, 16);
                    try (MemoryScope ignored = MemoryScope.open("bench-unet-train")) {
                        INDArray xt = noisy(x0, noise, t, alphaBar);
                        adamW.zeroGrad();
                        Losses.mse(unet.call(Tensor.of(xt), t, Tensor.of(context)), Tensor.of(noise), Reduction.MEAN).backward();
                        adamW.step();
                    }
                },
                i -> {
                    try (MemoryScope ignored = MemoryScope.open("bench-unet-infer"); GradMode.Scope off = GradMode.noGrad()) {
                        unet.call(Tensor.of(x0), inferT, Tensor.of(context));
                    }
                });
    }

    public NnBenchmark.Result run() {
        Phases p = phases();
        p.model().train();
        double train = protocol.meanMillis(p.train());
        p.model().eval();
        double infer = protocol.meanMillis(p.infer());
        return new NnBenchmark.Result(CASE, p.model().parameterCount(), train, infer, Double.NaN);
    }

    /** sqrt(a_t) x0 + sqrt(1 - a_t) noise per row. */
    private static INDArray noisy(INDArray x0, INDArray noise, long[] t, double[] alphaBar) {
        INDArray out = x0.dup();
        for (int k = 0; k < t.length; k++) {
            double a = alphaBar[(int) t[k]];
            out.getRow(k).muli(Math.sqrt(a)).addi(noise.getRow(k).mul(Math.sqrt(1 - a)));
        }
        return out;
    }

    /** The scaled-linear schedule's cumulative alphas: betas = linspace(sqrt(0.00085), sqrt(0.012), 1000)^2. */
    static double[] alphasCumprod() {
        double lo = Math.sqrt(0.00085), hi = Math.sqrt(0.012), prod = 1;
        double[] a = new double[T];
        for (int i = 0; i < T; i++) {
            double beta = Math.pow(lo + (hi - lo) * i / (T - 1), 2);
            a[i] = prod *= 1 - beta;
        }
        return a;
    }
}
