package dev.mamori.methods.backdoor.poisoning;

import dev.mamori.methods.backdoor.triggers.Trigger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Builds poisoned training sets, seeded and exact: exactly round(ratio * N) images get the trigger, drawn uniformly
 * without replacement from the eligible ones (all-to-one: outside the target class; clean-label: inside it;
 * all-to-all: all), and exactly round(crossRatio * poisoned) of the others get the trigger's noise mode. The same
 * (images, labels, trigger, spec, seed) always give the same set.
 */
public final class Poisoning {
    private Poisoning() {}

    public static PoisonedSet poison(INDArray images, int[] labels, int numClasses, Trigger trigger, PoisonSpec spec, long seed) {
        int n = labels.length;
        if (images.rank() != 4 || images.size(0) != n) {
            throw new IllegalArgumentException("expected images [" + n + ", C, H, W] for " + n + " labels; got " + Arrays.toString(images.shape()));
        }
        if (spec.mode() == TargetMode.ALL_TO_ONE && spec.target() >= numClasses) {
            throw new IllegalArgumentException("target class " + spec.target() + " does not exist (" + numClasses + " classes)");
        }
        if (spec.crossRatio() > 0 && !trigger.hasNoiseMode()) {
            throw new IllegalArgumentException("trigger '" + trigger.name() + "' has no noise mode; set the cross ratio to 0");
        }
        int count = (int) Math.round(spec.ratio() * n);
        if (count < 1) throw new IllegalArgumentException("poison ratio " + spec.ratio() + " of " + n + " images poisons none");
        int[] eligible = IntStream.range(0, n).filter(i -> {
            if (spec.cleanLabel()) return labels[i] == spec.target();
            return spec.mode() == TargetMode.ALL_TO_ALL || labels[i] != spec.target();
        }).toArray();
        if (count > eligible.length) {
            throw new IllegalArgumentException("poison ratio " + spec.ratio() + " asks for " + count + " poisoned images but only " + eligible.length
                    + " are eligible" + (spec.cleanLabel() ? " (clean-label: images of the target class)" : ""));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] poisoned = draw(eligible, count, rng);
        boolean[] taken = new boolean[n];
        for (int i : poisoned) taken[i] = true;
        int[] rest = IntStream.range(0, n).filter(i -> !taken[i]).toArray();
        int crossCount = (int) Math.round(spec.crossRatio() * count);
        if (crossCount > rest.length) throw new IllegalArgumentException("cross ratio asks for " + crossCount + " noise-mode images; only " + rest.length + " are left");
        int[] noise = crossCount == 0 ? new int[0] : draw(rest, crossCount, rng);

        INDArray out = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c');
        int[] newLabels = labels.clone();
        if (poisoned.length > 0) {
            INDArray triggered = trigger.apply(rows(out, poisoned));
            for (int k = 0; k < poisoned.length; k++) {
                out.get(NDArrayIndex.point(poisoned[k])).assign(triggered.get(NDArrayIndex.point(k)));
                if (!spec.cleanLabel()) newLabels[poisoned[k]] = spec.targetOf(labels[poisoned[k]], numClasses);
            }
        }
        if (noise.length > 0) {
            INDArray warped = trigger.applyNoiseMode(rows(out, noise), rng.nextLong());
            for (int k = 0; k < noise.length; k++) out.get(NDArrayIndex.point(noise[k])).assign(warped.get(NDArrayIndex.point(k)));
        }
        return new PoisonedSet(out, newLabels, labels.clone(), poisoned, noise);
    }

    /** {@code count} of {@code from}, uniformly without replacement (partial Fisher-Yates), ascending. */
    static int[] draw(int[] from, int count, SplittableRandom rng) {
        int[] a = from.clone();
        for (int i = 0; i < count; i++) {
            int j = i + rng.nextInt(a.length - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        int[] out = Arrays.copyOf(a, count);
        Arrays.sort(out);
        return out;
    }

    /** The rows {@code indices} of {@code images} as a new array. */
    public static INDArray rows(INDArray images, int[] indices) {
        if (indices.length == 0) {
            long[] s = images.shape().clone();
            s[0] = 0;
            return Nd4j.create(images.dataType(), s);
        }
        return images.get(NDArrayIndex.indices(Arrays.stream(indices).asLongStream().toArray())).dup('c');
    }
}
