package dev.mamori.methods.backdoor.baselines;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.backdoor.ChannelMask;
import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.common.Predictions;
import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.models.Normalized;
import dev.mamori.nn.ActivationCapture;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fine-pruning (Liu, Dolan-Gavitt and Garg, RAID 2018): the channels of a late layer that stay least active on clean
 * data are pruned one by one, dormant first, while the accuracy on the clean samples stays within
 * {@code maxAccuracyDrop} of the unpruned model's (and at most {@code maxPruneFraction} of the channels go), then the
 * pruned network is fine-tuned on the samples. Activation = mean of the layer's output over the samples and positions
 * (after a ReLU, so the given layer should be one whose output the network rectifies or that is rectified itself).
 */
public final class FinePruning implements Defense {
    private final String layer;
    private final double maxAccuracyDrop;
    private final double maxPruneFraction;
    private final TrainingAdapter.Settings settings;
    private final int batchSize;

    public FinePruning(String layer, double maxAccuracyDrop, double maxPruneFraction, TrainingAdapter.Settings settings, int batchSize) {
        if (!(maxAccuracyDrop >= 0 && maxAccuracyDrop < 1)) throw new IllegalArgumentException("maxAccuracyDrop must be in [0, 1); got " + maxAccuracyDrop);
        if (!(maxPruneFraction > 0 && maxPruneFraction < 1)) throw new IllegalArgumentException("maxPruneFraction must be in (0, 1); got " + maxPruneFraction);
        this.layer = layer;
        this.maxAccuracyDrop = maxAccuracyDrop;
        this.maxPruneFraction = maxPruneFraction;
        this.settings = settings;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "fineprune";
    }

    @Override
    public String describe() {
        return "fine-pruning of '" + layer + "' (least active channels first, while clean sample accuracy stays within " + maxAccuracyDrop
                + "; at most " + maxPruneFraction + " of the channels), then fine-tuning: " + settings.describe();
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples s = context.samples().checkFor(model);
        long t0 = System.nanoTime();
        String path = Layers.resolve(model, layer);
        double[] activation = meanActivation(model, path, s.images());
        int channels = activation.length;
        Integer[] order = new Integer[channels];
        for (int i = 0; i < channels; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(activation[a], activation[b]));
        double base = Predictions.agreement(Predictions.of(model, s.images()), s.labels());
        boolean[] pruned = new boolean[channels];
        int limit = (int) Math.floor(maxPruneFraction * channels);
        int count = 0;
        // Each candidate prefix is checked on a fresh copy of the hook (hooks cannot be removed one channel at a time).
        for (int i = 0; i < limit; i++) {
            pruned[order[i]] = true;
            double acc = accuracyWith(model, path, pruned, s);
            if (acc < base - maxAccuracyDrop) {
                pruned[order[i]] = false;
                break;
            }
            count++;
        }
        ChannelMask.apply(model, path, pruned);
        TrainingAdapter.Fit fit = FineTuning.tune(model, s, settings, batchSize);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("layer", path);
        details.put("pruned_channels", count + " of " + channels);
        details.put("sample_accuracy_unpruned", base);
        details.put("fine_tune_steps", fit.steps());
        return DefenseRun.single(name(), (System.nanoTime() - t0) / 1e9, s.size(), details);
    }

    static double[] meanActivation(Normalized model, String path, INDArray images) {
        model.eval();
        try (ActivationCapture cap = ActivationCapture.of(model, path); MemoryScope ignored = MemoryScope.open("backdoor-fp");
             GradMode.Scope off = GradMode.noGrad()) {
            model.call(Tensor.of(images));
            INDArray a = org.nd4j.linalg.ops.transforms.Transforms.relu(cap.get(path), true);
            INDArray perChannel = a.rank() == 4 ? a.mean(0, 2, 3) : a.mean(0);
            return perChannel.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        }
    }

    private static double accuracyWith(Normalized model, String path, boolean[] pruned, DefenseSamples s) {
        float[] keep = new float[pruned.length];
        for (int j = 0; j < keep.length; j++) keep[j] = pruned[j] ? 0f : 1f;
        try (ActivationCapture masked = ActivationCapture.replacing(model, path, out -> out.mul(Tensor.of(
                org.nd4j.linalg.factory.Nd4j.create(keep, out.dim() == 4 ? new long[]{1, keep.length, 1, 1} : new long[]{1, keep.length}, 'c')
                        .castTo(out.dataType()))))) {
            return Predictions.agreement(Predictions.of(model, s.images()), s.labels());
        }
    }
}
