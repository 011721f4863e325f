package dev.mamori.methods.backdoor.baselines;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.backdoor.ChannelMask;
import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.poisoning.Poisoning;
import dev.mamori.models.Normalized;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Sgd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Adversarial Neuron Pruning (Wu and Wang, NeurIPS 2021). Every neuron (output channel of each batch-norm layer, or of
 * each convolution in a network without batch norm) gets a mask m in [0, 1] and an adversarial multiplicative
 * perturbation delta in [-eps, eps]. Per iteration, on a batch of the clean samples: delta starts uniform in
 * [-eps, eps] and takes one gradient-ascent step of size eps on the cross-entropy (clipped); then the masks take an
 * SGD step (momentum 0.9) on alpha CE(masked) + (1 - alpha) CE(masked and perturbed), clipped to [0, 1]. Neurons whose
 * mask ends below the threshold are pruned. Backdoor neurons are the ones most sensitive to perturbation, so they get
 * small masks. Differences from the reference (ours): mask and perturbation scale a neuron's whole output (the
 * reference scales the batch-norm weight by m + delta and perturbs the bias separately, and pruning zeroes the
 * weight only); the model stays in eval mode (running statistics fixed, the samples being few); the threshold is
 * the reference's fixed 0.2, never tuned on triggered data.
 */
public final class Anp implements Defense {
    private final double eps;
    private final double alpha;
    private final double maskLr;
    private final int iterations;
    private final double threshold;
    private final int batchSize;
    private final long seed;

    public Anp(double eps, double alpha, double maskLr, int iterations, double threshold, int batchSize, long seed) {
        if (!(eps >= 0)) throw new IllegalArgumentException("ANP eps must be >= 0");
        if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("ANP alpha must be in [0, 1]");
        if (iterations < 1) throw new IllegalArgumentException("ANP iterations must be >= 1");
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("ANP pruning threshold must be in (0, 1)");
        this.eps = eps;
        this.alpha = alpha;
        this.maskLr = maskLr;
        this.iterations = iterations;
        this.threshold = threshold;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "anp";
    }

    @Override
    public String describe() {
        return "ANP: eps " + eps + ", alpha " + alpha + ", mask lr " + maskLr + ", " + iterations + " iterations (batch " + batchSize
                + "), prune masks below " + threshold;
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples s = context.samples().checkFor(model);
        long t0 = System.nanoTime();
        model.eval();
        List<String> paths = Layers.neuronLayers(model);
        if (paths.isEmpty()) throw new IllegalArgumentException("ANP found no batch-norm or convolution layer in the model");
        int layers = paths.size();
        Tensor[] masks = new Tensor[layers];
        Tensor[] noise = new Tensor[layers];
        boolean[] perturb = {false};
        Map<String, Tensor> maskParams = new LinkedHashMap<>();
        List<ActivationCapture> hooks = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int c = Layers.channels(model.module(paths.get(l)));
            masks[l] = Tensor.param(Nd4j.ones(DataType.FLOAT, c));
            noise[l] = Tensor.param(Nd4j.zeros(DataType.FLOAT, c));
            maskParams.put("mask" + l, masks[l]);
            final int li = l;
            hooks.add(ActivationCapture.replacing(model, paths.get(l), out -> {
                Tensor coeff = perturb[0] ? masks[li].add(noise[li]) : masks[li];
                long[] shape = out.dim() == 4 ? new long[]{1, c, 1, 1} : new long[]{1, c};
                return out.mul(coeff.reshape(shape));
            }));
        }
        Sgd maskOpt = new Sgd(maskParams, maskLr, 0.9, 0, 0, false);
        SplittableRandom rng = new SplittableRandom(seed);
        int n = s.size(), b = Math.min(batchSize, n);
        try {
            for (int it = 0; it < iterations; it++) {
                int[] idx = batch(n, b, rng);
                INDArray x = Poisoning.rows(s.images(), idx);
                int[] y = new int[b];
                for (int i = 0; i < b; i++) y[i] = s.labels()[idx[i]];
                try (MemoryScope ignored = MemoryScope.open("backdoor-anp")) {
                    if (eps > 0) {
                        for (int l = 0; l < layers; l++) {
                            float[] v = new float[(int) noise[l].numel()];
                            for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * eps);
                            noise[l].value().assign(Nd4j.create(v));
                        }
                        perturb[0] = true;
                        Tensor lossRob = Losses.crossEntropy(model.call(Tensor.of(x)), y);
                        List<INDArray> g = Autograd.grad(lossRob, Arrays.asList(noise));
                        for (int l = 0; l < layers; l++) {
                            INDArray updated = noise[l].value().add(g.get(l).mul(eps));
                            noise[l].value().assign(Transforms.max(Transforms.min(updated, eps, false), -eps, false));
                        }
                    }
                    perturb[0] = false;
                    Tensor lossNat = Losses.crossEntropy(model.call(Tensor.of(x)), y);
                    Tensor loss = lossNat.mul(alpha);
                    if (eps > 0) {
                        perturb[0] = true;
                        loss = loss.add(Losses.crossEntropy(model.call(Tensor.of(x)), y).mul(1 - alpha));
                        perturb[0] = false;
                    }
                    List<INDArray> gm = Autograd.grad(loss, Arrays.asList(masks));
                    for (int l = 0; l < layers; l++) masks[l].setGrad(MemoryScope.keep(gm.get(l).dup()));
                }
                maskOpt.step();
                for (Tensor m : masks) m.value().assign(Transforms.max(Transforms.min(m.value(), 1.0, true), 0.0, false));
            }
        } finally {
            for (ActivationCapture h : hooks) h.close();
            MemoryScope.release("backdoor-anp");
        }
        int total = 0, prunedCount = 0;
        List<String> perLayer = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            float[] m = masks[l].value().castTo(DataType.FLOAT).data().asFloat();
            boolean[] pruned = new boolean[m.length];
            int k = 0;
            for (int j = 0; j < m.length; j++) if (m[j] < threshold) {
                pruned[j] = true;
                k++;
            }
            total += m.length;
            prunedCount += k;
            if (k > 0) {
                ChannelMask.apply(model, paths.get(l), pruned);
                perLayer.add(paths.get(l) + ": " + k);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("neurons", total);
        details.put("pruned", prunedCount);
        details.put("pruned_per_layer", perLayer);
        return DefenseRun.single(name(), (System.nanoTime() - t0) / 1e9, s.size(), details);
    }

    /** A random batch of {@code b} distinct indices of {@code n}. */
    static int[] batch(int n, int b, SplittableRandom rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < b; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, b);
    }
}
