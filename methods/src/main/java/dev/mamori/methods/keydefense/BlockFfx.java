package dev.mamori.methods.keydefense;

import dev.mamori.autograd.CustomGradients;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.NativeOps;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block-wise FFX: format-preserving encryption of the 8-bit values at the masked positions of every block.
 *
 * <p>Exact construction (our reconstruction; the reference implementation used pyffx, an HMAC-based FFX-A2 variant):
 * <ol>
 *   <li>a value v in [0, 1] at a masked position is quantised to p = round(255 v) (nearest 8-bit level);</li>
 *   <li>p is written as the 3-digit decimal string d0 d1 d2 (000..255) and encrypted with FF1 of NIST SP 800-38G:
 *       radix 10, n = 3 numerals split into A = d0 (u = 1) and B = d1 d2 (v = 2), 10 Feistel rounds with the
 *       round function AES-CBC-MAC over P || Q (P = [1,2,1, radix as 3 bytes, 10, u, n as 4 bytes, tweak length as
 *       4 bytes]), modular addition (mod 10^u or 10^v), empty tweak, the key's AES key (AES-128 for generated keys);</li>
 *   <li>the ciphertext string is read as an integer c in 0..999; the 256 values form {@link FfxTable}, which is
 *       injective because FF1 is a permutation of the 1000 strings;</li>
 *   <li>the output is c / max(table), so it stays in [0, 1]; unmasked positions are left unchanged.</li>
 * </ol>
 * The inverse maps round(y * max) back through the table to p / 255. The transform is computed once per image size
 * as a table lookup (one native gather over the whole batch), not by running FF1 per pixel. It is not differentiable:
 * {@link #applyTensor} is the BPDA straight-through form (FFX forward, identity gradient).
 */
public final class BlockFfx implements BlockTransform {
    private final SecretKey key;
    private final boolean[] mask;
    private final FfxTable table;
    /** Per (H, W, dtype): {mask row, 1 - mask row}, each [1, C*H*W]. */
    private final Map<String, INDArray[]> maskRows = new ConcurrentHashMap<>();
    private final Map<DataType, INDArray[]> lookups = new ConcurrentHashMap<>();

    public BlockFfx(SecretKey key) {
        if (key.kind() != TransformKind.FFX) throw new IllegalArgumentException("BlockFfx needs an ffx key, got " + key);
        this.key = key;
        this.mask = key.mask();
        this.table = new FfxTable(key.aesKey());
    }

    @Override
    public SecretKey key() {
        return key;
    }

    /** The 256-entry table behind this transform. */
    public FfxTable table() {
        return table;
    }

    @Override
    public INDArray apply(INDArray images) {
        return lookup(images, false);
    }

    @Override
    public INDArray inverse(INDArray images) {
        return lookup(images, true);
    }

    @Override
    public Tensor applyTensor(Tensor images) {
        return CustomGradients.straightThrough(images, t -> Tensor.of(apply(t.value())));
    }

    @Override
    public boolean isDifferentiable() {
        return false;
    }

    /**
     * On the masked positions, replaces x by lut[round(x * scale)] (forward: scale 255 and the normalised table;
     * inverse: scale max and the normalised inverse table); elsewhere keeps x. Values must lie in [0, 1]; for the
     * inverse, a masked value that is no table output is an error.
     */
    private INDArray lookup(INDArray images, boolean inverse) {
        String what = inverse ? "inverse" : "apply";
        BlockGeometry g = BlockGeometry.forBatch(images.shape(), key.blockSize(), key.channels());
        requireUnitRange(images, what);
        double scale = inverse ? table.max() : 255.0;
        INDArray lut = lookupTables(images.dataType())[inverse ? 1 : 0];
        long n = images.size(0);
        INDArray flat = images.reshape('c', new long[]{n, g.imageLength()});
        INDArray index = Transforms.round(flat.mul(scale), false).castTo(DataType.INT64).reshape('c', new long[]{flat.length()});
        INDArray looked = NativeOps.exec("gather", new INDArray[]{lut, index}, 0)[0].reshape('c', new long[]{n, g.imageLength()});
        INDArray[] rows = maskRows(g, images.dataType());
        looked.muliRowVector(rows[0]);
        if (inverse && looked.minNumber().doubleValue() < 0) {
            long bad = firstIndex(looked, v -> v < 0);
            throw new IllegalArgumentException("FFX inverse: the value at flat index " + bad + " of the batch is no output of this key's table"
                    + " (was it encrypted with this key " + key.fingerprint() + "?)");
        }
        return flat.mulRowVector(rows[1]).addi(looked).reshape('c', images.shape());
    }

    private static void requireUnitRange(INDArray images, String what) {
        double min = images.minNumber().doubleValue();
        double max = images.maxNumber().doubleValue();
        if (min < 0 || max > 1 || Double.isNaN(min) || Double.isNaN(max)) {
            long at = firstIndex(images, v -> !(v >= 0 && v <= 1));
            throw new IllegalArgumentException("FFX " + what + " expects values in [0, 1]; found " + images.reshape('c', new long[]{images.length()}).getDouble(at)
                    + " at flat index " + at + " of the batch");
        }
    }

    /** The first flat C-order index whose value passes {@code test} (only on error paths), or -1. */
    private static long firstIndex(INDArray a, java.util.function.DoublePredicate test) {
        double[] v = a.dup('c').data().asDouble();
        for (int i = 0; i < v.length; i++) if (test.test(v[i])) return i;
        return -1;
    }

    private INDArray[] lookupTables(DataType dtype) {
        return lookups.computeIfAbsent(dtype, dt -> new INDArray[]{
                Nd4j.createFromArray(table.normalizedForward()).castTo(dt),
                Nd4j.createFromArray(table.normalizedInverse()).castTo(dt)});
    }

    private INDArray[] maskRows(BlockGeometry g, DataType dtype) {
        return maskRows.computeIfAbsent(g.height() + "x" + g.width() + ":" + dtype, k -> {
            double[] m = new double[g.imageLength()];
            double[] keep = new double[m.length];
            for (int j = 0; j < m.length; j++) {
                m[j] = mask[g.positionOf(j)] ? 1.0 : 0.0;
                keep[j] = 1.0 - m[j];
            }
            return new INDArray[]{Nd4j.create(m, new long[]{1, m.length}).castTo(dtype),
                    Nd4j.create(keep, new long[]{1, keep.length}).castTo(dtype)};
        });
    }

    @Override
    public String toString() {
        return "BlockFfx{" + key + "}";
    }
}
