package dev.mamori.nn.detection;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Arithmetic;
import dev.mamori.autograd.ops.Indexing;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * The training losses of CenterNet (Zhou et al. 2019, "Objects as Points"), as xingyizhou/CenterNet writes them
 * (src/lib/models/losses.py): the penalty-reduced pixel-wise focal loss on the class heatmaps (Law and Deng 2018,
 * CornerNet eq. 1) and the L1 loss of the size and offset maps read at the object centres (RegL1Loss).
 */
public final class CenterNetLosses {
    /** CenterNet's clamp of the sigmoid, which keeps log(p) and log(1 - p) finite. */
    public static final double EPS = 1e-4;
    /** The focal exponent on (1 - p) and p. */
    public static final double ALPHA = 2;
    /** The exponent of the penalty reduction (1 - gt)^beta around each centre. */
    public static final double BETA = 4;

    private CenterNetLosses() {}

    /**
     * The focal loss of heatmap logits against a Gaussian target heatmap of the same shape (1 at object centres):
     * with p = clamp(sigmoid(logits), 1e-4, 1 - 1e-4),
     * loss = -(sum_{gt = 1} log(p) (1 - p)^2 + sum_{gt < 1} log(1 - p) p^2 (1 - gt)^4) / (number of centres),
     * or minus the negative part alone when there is no centre. Clamped entries have zero gradient.
     */
    public static Tensor focal(Tensor logits, INDArray target) {
        if (!Arrays.equals(logits.shape(), target.shape())) {
            throw new IllegalArgumentException("heatmap logits " + Arrays.toString(logits.shape()) + " and target "
                    + Arrays.toString(target.shape()) + " differ in shape");
        }
        INDArray gt = target.castTo(logits.dataType());
        INDArray positive = gt.eq(1.0).castTo(gt.dataType());
        INDArray negativeWeight = Transforms.pow(gt.rsub(1.0), BETA, true).muli(gt.lt(1.0).castTo(gt.dataType()));
        double centres = positive.sumNumber().doubleValue();
        Tensor p = logits.sigmoid().clamp(EPS, 1 - EPS);
        Tensor oneMinusP = Arithmetic.rsub(1.0, p);
        Tensor negativePart = oneMinusP.log().mul(p.pow(ALPHA)).mul(Tensor.of(negativeWeight)).sum();
        if (centres == 0) return negativePart.neg();
        Tensor positivePart = p.log().mul(oneMinusP.pow(ALPHA)).mul(Tensor.of(positive)).sum();
        return positivePart.add(negativePart).div(-centres);
    }

    /**
     * CenterNet's RegL1Loss: the prediction map [B, D, H, W] read at the centre index {@code ind} [B, K]
     * (y * W + x) of each object slot, compared with {@code target} [B, K, D] where {@code mask} [B, K] is 1;
     * sum |pred - target| over the masked slots and the D components, divided by (D * number of masked slots + 1e-4).
     */
    public static Tensor regL1(Tensor map, INDArray ind, INDArray mask, INDArray target) {
        long[] s = map.shape();
        if (s.length != 4) throw new IllegalArgumentException("expected a map [B, D, H, W], got " + Arrays.toString(s));
        long b = s[0], d = s[1], hw = s[2] * s[3];
        long k = ind.size(1);
        if (ind.rank() != 2 || ind.size(0) != b || !Arrays.equals(mask.shape(), ind.shape())
                || !Arrays.equals(target.shape(), new long[]{b, k, d})) {
            throw new IllegalArgumentException("expected ind and mask [" + b + ", K] and target [" + b + ", K, " + d + "], got "
                    + Arrays.toString(ind.shape()) + ", " + Arrays.toString(mask.shape()) + ", " + Arrays.toString(target.shape()));
        }
        long[] flat = new long[Math.toIntExact(b * k)];
        long[] centres = ind.castTo(DataType.INT64).data().asLong();
        for (int i = 0; i < flat.length; i++) {
            long c = centres[i];
            if (c < 0 || c >= hw) throw new IndexOutOfBoundsException("centre index " + c + " outside a map of " + hw + " cells");
            flat[i] = (i / k) * hw + c;
        }
        Tensor rows = map.permute(0, 2, 3, 1).reshape(b * hw, d);           // [B*H*W, D]
        Tensor picked = Indexing.indexSelectRows(rows, Nd4j.createFromArray(flat));  // [B*K, D]
        INDArray m = mask.castTo(map.dataType()).reshape('c', b * k, 1);
        Tensor difference = picked.sub(Tensor.of(target.castTo(map.dataType()).reshape('c', b * k, d))).abs().mul(Tensor.of(m));
        double denominator = d * m.sumNumber().doubleValue() + 1e-4;
        return difference.sum().div(denominator);
    }
}
