package dev.mamori.nn.detection;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Pairwise overlap of boxes in corner form (x1, y1, x2, y2), differentiable with respect to both sets, as
 * torchvision.ops box_iou and generalized_box_iou compute it: for boxes a [N, 4] and b [M, 4] an [N, M] matrix. The
 * element-wise minimum and maximum of coordinates pass the gradient to the larger (smaller) input and split it evenly
 * on ties, as PyTorch's {@code maximum}/{@code minimum} do; clamping the intersection at 0 passes it where the
 * extent is >= 0.
 */
public final class BoxIou {
    private BoxIou() {}

    /** IoU [N, M] = inter / (area_a + area_b - inter). */
    public static Tensor iou(Tensor a, Tensor b) {
        return parts(a, b).iou();
    }

    /**
     * Generalized IoU [N, M] (Rezatofighi et al. 2019): iou - (area_c - union) / area_c with c the smallest box that
     * encloses both; in [-1, 1], and informative (non-zero gradient) also for boxes that do not overlap.
     */
    public static Tensor generalizedIou(Tensor a, Tensor b) {
        Parts p = parts(a, b);
        Tensor cw = extreme(p.ax2, p.bx2, true).sub(extreme(p.ax1, p.bx1, false)).clamp(0, Double.MAX_VALUE);
        Tensor ch = extreme(p.ay2, p.by2, true).sub(extreme(p.ay1, p.by1, false)).clamp(0, Double.MAX_VALUE);
        Tensor enclosing = cw.mul(ch);
        return p.iou().sub(enclosing.sub(p.union).div(enclosing));
    }

    /** The broadcast coordinates of a [N, 1] against b [1, M], the intersection and the union. */
    private record Parts(Tensor ax1, Tensor ay1, Tensor ax2, Tensor ay2, Tensor bx1, Tensor by1, Tensor bx2, Tensor by2,
                         Tensor inter, Tensor union) {
        Tensor iou() {
            return inter.div(union);
        }
    }

    private static Parts parts(Tensor a, Tensor b) {
        check(a, "a");
        check(b, "b");
        long n = a.size(0), m = b.size(0);
        Tensor ax1 = column(a, 0, n, m), ay1 = column(a, 1, n, m), ax2 = column(a, 2, n, m), ay2 = column(a, 3, n, m);
        Tensor bx1 = row(b, 0, n, m), by1 = row(b, 1, n, m), bx2 = row(b, 2, n, m), by2 = row(b, 3, n, m);
        Tensor areaA = ax2.sub(ax1).mul(ay2.sub(ay1));                    // [N, M]
        Tensor areaB = bx2.sub(bx1).mul(by2.sub(by1));
        Tensor iw = extreme(ax2, bx2, false).sub(extreme(ax1, bx1, true)).clamp(0, Double.MAX_VALUE);
        Tensor ih = extreme(ay2, by2, false).sub(extreme(ay1, by1, true)).clamp(0, Double.MAX_VALUE);
        Tensor inter = iw.mul(ih);
        Tensor union = areaA.add(areaB).sub(inter);
        return new Parts(ax1, ay1, ax2, ay2, bx1, by1, bx2, by2, inter, union);
    }

    private static void check(Tensor boxes, String name) {
        long[] s = boxes.shape();
        if (s.length != 2 || s[1] != 4) {
            throw new IllegalArgumentException("boxes " + name + " must be [N, 4] (x1, y1, x2, y2), got " + java.util.Arrays.toString(s));
        }
    }

    /** Coordinate k of a [N, 4] as an [N, M] matrix (constant along M). */
    private static Tensor column(Tensor boxes, int k, long n, long m) {
        return boxes.slice(1, k, k + 1).expand(n, m);
    }

    /** Coordinate k of b [M, 4] as an [N, M] matrix (constant along N). */
    private static Tensor row(Tensor boxes, int k, long n, long m) {
        return boxes.slice(1, k, k + 1).reshape(1, m).expand(n, m);
    }

    /**
     * Element-wise maximum (or minimum) of two tensors of one shape; the gradient goes to the winner and is split
     * evenly on ties (PyTorch's rule for maximum and minimum).
     */
    static Tensor extreme(Tensor a, Tensor b, boolean max) {
        INDArray av = a.value(), bv = b.value();
        INDArray out = max ? Transforms.max(av, bv, true) : Transforms.min(av, bv, true);
        return Tensor.result(max ? "maximum" : "minimum", out, (g, needs) -> {
            INDArray aWins = (max ? av.gt(bv) : av.lt(bv)).castTo(av.dataType());
            INDArray tie = av.eq(bv).castTo(av.dataType()).muli(0.5);
            INDArray shareA = aWins.add(tie);
            INDArray shareB = shareA.rsub(1.0);
            return new INDArray[]{needs[0] ? g.mul(shareA) : null, needs[1] ? g.mul(shareB) : null};
        }, a, b);
    }
}
