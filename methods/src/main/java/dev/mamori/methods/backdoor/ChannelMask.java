package dev.mamori.methods.backdoor;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Prunes channels (neurons) of a module's output for good: a forward hook multiplies output channel j by 0 where
 * pruned (PyTorch's pruning utilities also work through hooks). The hook stays on the model it was added to, so
 * fine-tuning after pruning and every later evaluation see the pruned network. Outputs [N, C, H, W] or [N, C].
 */
public final class ChannelMask {
    private final String path;
    private final boolean[] pruned;

    private ChannelMask(String path, boolean[] pruned) {
        this.path = path;
        this.pruned = pruned.clone();
    }

    /** Adds the mask to the module at {@code path} of {@code model}; {@code pruned[j]} zeroes channel j. */
    public static ChannelMask apply(Module model, String path, boolean[] pruned) {
        Module m = model.module(path);
        float[] keep = new float[pruned.length];
        for (int j = 0; j < keep.length; j++) keep[j] = pruned[j] ? 0f : 1f;
        Tensor k4 = Tensor.of(Nd4j.create(keep, new long[]{1, keep.length, 1, 1}, 'c'));
        Tensor k2 = Tensor.of(Nd4j.create(keep, new long[]{1, keep.length}, 'c'));
        m.addForwardHook(out -> {
            if (out.size(1) != keep.length) {
                throw new IllegalStateException("channel mask of " + keep.length + " channels on '" + path + "' whose output has " + out.size(1));
            }
            Tensor k = out.dim() == 4 ? k4 : k2;
            return out.mul(k.dataType() == out.dataType() ? k : Tensor.of(k.value().castTo(out.dataType())));
        });
        return new ChannelMask(path, pruned);
    }

    public String path() {
        return path;
    }

    public int prunedCount() {
        int n = 0;
        for (boolean b : pruned) if (b) n++;
        return n;
    }

    public int channels() {
        return pruned.length;
    }

    public boolean[] pruned() {
        return Arrays.copyOf(pruned, pruned.length);
    }

}
