package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A transfer attack: adversarial examples are crafted by another attack on a surrogate model (e.g. the public
 * backbone of a key-based defense) and judged on the target model, which is never queried for gradients. Success,
 * robust accuracy and early stop refer to the target; the surrogate's queries are not counted.
 *
 * <p>The surrogate attack runs at full strength, without early stop (whatever its own setting): examples that only
 * just fool the surrogate rarely fool anything else.
 */
public final class TransferAttack extends Attack<TransferAttack> {
    private final Attack<?> onSurrogate;

    /** @param onSurrogate an attack whose model is the surrogate */
    public TransferAttack(Attack<?> onSurrogate, Classifier target) {
        super(target);
        if (onSurrogate == null) throw new IllegalArgumentException("a transfer attack needs an attack on the surrogate");
        if (onSurrogate.model() == target) throw new IllegalArgumentException("the surrogate is the target itself: that is a white-box attack");
        if (onSurrogate.model().numClasses() != target.numClasses()) {
            throw new IllegalArgumentException("surrogate has " + onSurrogate.model().numClasses() + " classes, target " + target.numClasses());
        }
        this.onSurrogate = onSurrogate;
    }

    public Attack<?> surrogateAttack() {
        return onSurrogate;
    }

    @Override
    public String name() {
        return "Transfer[" + onSurrogate.name() + "]";
    }

    @Override
    public Norm norm() {
        return onSurrogate.norm();
    }

    @Override
    public double epsilon() {
        return onSurrogate.epsilon();
    }

    @Override
    public boolean isBlackBox() {
        return true;
    }

    @Override
    protected void perturb(AttackState state) {
        int[] rows = state.activeRows();
        if (rows.length == 0) return;
        long[] chw = state.imageShape();
        INDArray images = Nd4j.create(state.cleanRows(rows), new long[]{rows.length, chw[0], chw[1], chw[2]}, 'c');
        int[] labels = AttackState.gather(state.labels(), rows);
        boolean early = onSurrogate.earlyStop();
        AttackResult crafted;
        synchronized (onSurrogate) {
            onSurrogate.earlyStop(false);
            try {
                crafted = state.targeted()
                        ? onSurrogate.runTargeted(images, labels, AttackState.gather(state.targets(), rows))
                        : onSurrogate.run(images, labels);
            } finally {
                onSurrogate.earlyStop(early);
            }
        }
        state.setAdversarialRows(rows, AttackedModel.floats(crafted.adversarial()));
        state.countIteration(rows);
    }
}
