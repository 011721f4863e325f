package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.methods.keydefense.KeyedClassifier;
import dev.mamori.methods.keydefense.KeyedModel;
import dev.mamori.methods.keydefense.ModelSpec;
import dev.mamori.methods.keydefense.MultiKeyClassifier;
import dev.mamori.models.Classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deployed keyed model as an attacker sees it: the model answers queries ({@link #deployed()}), and an attacker who
 * holds its weights (a model file never contains the key) can run the same weights with keys of their own choosing
 * ({@link #withKeys}): a wrong guess, random keys, or a key found by search. Works for a {@link KeyedClassifier} (one
 * key slot) and a {@link MultiKeyClassifier} (N slots, randomized).
 *
 * <p>The attacker's copies never hold the real key unless the caller passes it in; guessed keys come from a seed and
 * are of the same kinds, block sizes and channel counts as the real ones (what a model file reveals).
 */
public final class KeyedTarget {
    private final KeyedModel model;

    private KeyedTarget(KeyedModel model) {
        this.model = model;
    }

    public static KeyedTarget of(KeyedModel model) {
        if (model == null) throw new IllegalArgumentException("a keyed target needs a model");
        if (!(model instanceof KeyedClassifier) && !(model instanceof MultiKeyClassifier)) {
            throw new IllegalArgumentException("unsupported keyed model " + model.getClass().getSimpleName());
        }
        return new KeyedTarget(model);
    }

    /** The deployed model: plain images in, logits out (for a multi-key model, a key drawn per query as deployed). */
    public Classifier deployed() {
        return model.classifier();
    }

    public KeyedModel model() {
        return model;
    }

    /** Number of key slots (1 for a keyed classifier). */
    public int keyCount() {
        return model.keySlots().size();
    }

    /** Whether answers are randomized (a multi-key model with more than one slot drawing keys at random). */
    public boolean isRandomized() {
        return model instanceof MultiKeyClassifier m && m.keyCount() > 1 && m.fixedSlot() < 0;
    }

    /** The public shape of the slots' keys: per slot, per step, kind and sizes (a model file shows as much). */
    public List<List<BlockTransform>> keyShapes() {
        return model.keySlots().stream().map(TransformChain::steps).toList();
    }

    /**
     * N chains of guessed keys of the same kinds, sizes and transform variants as the real ones, reproducible from
     * {@code seed} (SplittableRandom streams; practically never equal to the real keys).
     */
    public List<TransformChain> guessKeys(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<TransformChain> out = new ArrayList<>();
        for (TransformChain chain : model.keySlots()) {
            List<SecretKey> keys = new ArrayList<>();
            for (BlockTransform t : chain.steps()) keys.add(SecretKey.generate(t.kind(), t.blockSize(), t.channels(), rng.split()));
            out.add(chain.withKeys(keys));
        }
        return out;
    }

    /** Slot 0's chain with {@code key} in place of its one key (same kind and transform variant). */
    public TransformChain chainWith(SecretKey key) {
        return model.keySlots().get(0).withKeys(List.of(key));
    }

    /**
     * The target's weights with other keys, in eval mode: for a keyed classifier a new {@link KeyedClassifier} sharing
     * the network (no copy); for a multi-key model an independent copy whose slots use {@code keys} and draw them as the
     * target does, from a generator seeded with {@code seed}.
     */
    public Classifier withKeys(List<TransformChain> keys, long seed) {
        if (keys.size() != keyCount()) throw new IllegalArgumentException("the target has " + keyCount() + " key slot(s), got " + keys.size() + " key(s)");
        if (model instanceof KeyedClassifier k) {
            KeyedClassifier copy = new KeyedClassifier(keys.get(0), k.model);
            copy.eval();
            return copy;
        }
        MultiKeyClassifier m = (MultiKeyClassifier) model;
        MultiKeyClassifier copy = m.copyWithKeys(keys, seed);
        if (m.fixedSlot() >= 0) copy.useKey(m.fixedSlot());
        else copy.randomize(m.selection(), seed);
        return copy;
    }

    /** {@link #withKeys} for a one-slot target. */
    public Classifier withKey(SecretKey key) {
        if (keyCount() != 1) throw new IllegalArgumentException("withKey needs a one-slot target; this one has " + keyCount() + " slots");
        return withKeys(List.of(chainWith(key)), 0);
    }

    @Override
    public String toString() {
        return "KeyedTarget{" + model.classifier().getClass().getSimpleName() + ", " + keyCount() + " slot(s)}";
    }
}
