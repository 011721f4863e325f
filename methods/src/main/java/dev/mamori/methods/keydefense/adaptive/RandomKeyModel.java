package dev.mamori.methods.keydefense.adaptive;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.attacks.RandomizedModel;
import dev.mamori.models.Classifier;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The attacker's randomized surrogate for EOT over random keys: every call is answered by one of several copies of
 * the target's weights, each with its own random key(s), drawn uniformly from a seeded generator. Attacked with
 * {@code Eot.repeat(samples)}, each gradient is the average over {@code samples} random keys; with
 * {@code Eot.allRealizations()}, the exact average over the whole pool. Its members are its realizations, so an attack
 * on it stops an example only when every member is fooled.
 *
 * <p>The members are not registered as children (they may share one network); they are kept in eval mode and never
 * trained.
 */
public final class RandomKeyModel extends Classifier implements RandomizedModel {
    private final List<Classifier> members;
    private final SplittableRandom rng;

    public RandomKeyModel(List<Classifier> members, long seed) {
        super(first(members).numClasses(), first(members).inChannels(), first(members).imageSize());
        for (Classifier m : members) {
            if (m.numClasses() != numClasses() || m.inChannels() != inChannels() || m.imageSize() != imageSize()) {
                throw new IllegalArgumentException("random-key members must all have the same input and classes");
            }
            m.eval();
        }
        this.members = List.copyOf(members);
        this.rng = new SplittableRandom(seed);
    }

    /** A pool of {@code size} copies of the target's weights with keys guessed from {@code seed}. */
    public static RandomKeyModel pool(KeyedTarget target, int size, long seed) {
        if (size < 1) throw new IllegalArgumentException("a random-key pool needs at least one member, got " + size);
        SplittableRandom keys = new SplittableRandom(seed);
        java.util.ArrayList<Classifier> members = new java.util.ArrayList<>();
        for (int i = 0; i < size; i++) members.add(target.withKeys(target.guessKeys(keys.nextLong()), keys.nextLong()));
        return new RandomKeyModel(members, keys.nextLong());
    }

    public int size() {
        return members.size();
    }

    @Override
    protected Tensor forward(Tensor images) {
        Classifier m;
        synchronized (rng) {
            m = members.get(rng.nextInt(members.size()));
        }
        return m.call(images);
    }

    @Override
    public boolean isRandomized() {
        return members.size() > 1;
    }

    @Override
    public int realizations() {
        return members.size();
    }

    @Override
    public Tensor callRealization(int index, Tensor images) {
        return members.get(index).call(images);
    }

    private static Classifier first(List<Classifier> members) {
        if (members == null || members.isEmpty()) throw new IllegalArgumentException("a random-key model needs members");
        return members.get(0);
    }
}
