package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adversarial examples made elsewhere (e.g. crafted once on a public backbone and transferred to many models), judged
 * on a target by the same rules as every attack: clean predictions, and success under the {@link GoalJudge} (every
 * realization of a randomized target, never one draw). The target is queried only for the clean predictions; run it
 * on the clean images the examples were made from, in the same order.
 */
public final class PrecomputedAttack extends Attack<PrecomputedAttack> {
    private final float[] adversarial;
    private final int features;
    private final String name;
    private final Norm norm;
    private final double eps;

    /** @param adversarial [N, C, H, W], row i made from clean image i of the run */
    public PrecomputedAttack(Classifier target, INDArray adversarial, String name, Norm norm, double eps) {
        super(target);
        if (adversarial == null || adversarial.rank() != 4) throw new IllegalArgumentException("precomputed examples must be [N, C, H, W]");
        this.adversarial = AttackedModel.floats(adversarial);
        this.features = Math.toIntExact(adversarial.length() / adversarial.size(0));
        this.name = name;
        this.norm = norm;
        this.eps = eps;
        earlyStop(false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Norm norm() {
        return norm;
    }

    @Override
    public double epsilon() {
        return eps;
    }

    @Override
    public boolean isBlackBox() {
        return true;
    }

    @Override
    protected void perturb(AttackState state) {
        if (state.features() != features) throw new IllegalArgumentException(name + ": examples of " + features + " values, images of " + state.features());
        int[] rows = state.activeRows();
        float[] packed = new float[rows.length * features];
        for (int k = 0; k < rows.length; k++) {
            int index = state.firstIndex() + rows[k];
            if ((long) (index + 1) * features > adversarial.length) {
                throw new IllegalArgumentException(name + ": " + adversarial.length / features + " precomputed examples, but image " + index + " was given");
            }
            System.arraycopy(adversarial, index * features, packed, k * features, features);
        }
        state.setAdversarialRows(rows, packed);
    }
}
