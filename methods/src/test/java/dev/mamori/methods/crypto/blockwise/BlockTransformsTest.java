package dev.mamori.methods.crypto.blockwise;

import dev.mamori.autograd.Autograd;
import dev.mamori.autograd.GradCheck;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shuffle and negative/positive against a plain per-pixel reference, round trips, gradients and shape errors. */
class BlockTransformsTest {

    @Test
    void shuffleMatchesPerPixelReferenceOnNonSquareImages() {
        for (int m : new int[]{1, 2, 4}) {
            SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, m, 3, 100 + m);
            INDArray x = TestImages.uniform(m, DataType.FLOAT, 2, 3, 8, 12);
            TestImages.assertExactlyEqual(BlockTransform.forKey(key).apply(x), referenceShuffle(x, m, key.permutation()));
        }
    }

    @Test
    void negativePositiveMatchesPerPixelReference() {
        SecretKey key = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 9);
        INDArray x = TestImages.uniform(3, DataType.FLOAT, 2, 3, 8, 12);
        INDArray want = x.dup();
        boolean[] mask = key.mask();
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 8; y++)
                    for (int xx = 0; xx < 12; xx++)
                        if (mask[((y % 4) * 4 + xx % 4) * 3 + c]) want.putScalar(new long[]{n, c, y, xx}, 1f - x.getFloat(n, c, y, xx));
        TestImages.assertExactlyEqual(BlockTransform.forKey(key).apply(x), want);
    }

    @ParameterizedTest
    @EnumSource(value = TransformKind.class, names = {"SHUFFLE", "NEGATIVE_POSITIVE"})
    void inverseUndoesApplyExactlyInBothDtypes(TransformKind kind) {
        BlockTransform t = BlockTransform.forKey(SecretKey.fromSeed(kind, 4, 3, 21));
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = TestImages.uniform(5, dt, 3, 3, 16, 8);
            INDArray y = t.apply(x);
            assertThat(y.dataType()).isEqualTo(dt);
            assertThat(y.shape()).isEqualTo(x.shape());
            assertThat(TestImages.maxAbsDiff(y, x)).isGreaterThan(0.01); // it really changes the image
            INDArray back = t.inverse(y);
            if (kind == TransformKind.SHUFFLE) TestImages.assertExactlyEqual(back, x);
            else assertThat(TestImages.maxAbsDiff(back, x)).isLessThanOrEqualTo(dt == DataType.FLOAT ? 6e-8 : 1e-16);
        }
    }

    @Test
    void applyDoesNotModifyItsInput() {
        BlockTransform t = BlockTransform.forKey(SecretKey.fromSeed(TransformKind.SHUFFLE, 2, 3, 1));
        INDArray x = TestImages.uniform(1, DataType.FLOAT, 1, 3, 4, 4);
        INDArray copy = x.dup();
        t.apply(x);
        TestImages.assertExactlyEqual(x, copy);
    }

    @ParameterizedTest
    @EnumSource(value = TransformKind.class, names = {"SHUFFLE", "NEGATIVE_POSITIVE"})
    void tensorFormsPassGradCheck(TransformKind kind) {
        BlockTransform t = BlockTransform.forKey(SecretKey.fromSeed(kind, 2, 3, 8));
        assertThat(t.isDifferentiable()).isTrue();
        INDArray x = TestImages.uniform(4, DataType.DOUBLE, 1, 3, 4, 4); // 48 elements: finite differences are slow
        GradCheck.Result r = GradCheck.check(in -> t.applyTensor(in.get(0)).square(), List.of(x), 1e-6, 1e-7, 1e-6, 3);
        assertThat(r.passed()).as(r.toString()).isTrue();
    }

    @Test
    void shuffleGradientIsTheInversePermutationOfTheUpstream() {
        BlockTransform t = BlockTransform.forKey(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 8));
        Tensor x = Tensor.variable(TestImages.uniform(1, DataType.FLOAT, 2, 3, 8, 8));
        INDArray upstream = TestImages.uniform(2, DataType.FLOAT, 2, 3, 8, 8);
        INDArray grad = Autograd.grad(t.applyTensor(x), upstream, List.of(x)).get(0);
        TestImages.assertExactlyEqual(grad, t.inverse(upstream));
    }

    @Test
    void negativePositiveGradientIsNegatedOnTheMask() {
        BlockTransform t = BlockTransform.forKey(SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 8));
        Tensor x = Tensor.variable(TestImages.uniform(1, DataType.FLOAT, 2, 3, 8, 8));
        INDArray upstream = TestImages.uniform(2, DataType.FLOAT, 2, 3, 8, 8);
        INDArray grad = Autograd.grad(t.applyTensor(x), upstream, List.of(x)).get(0);
        INDArray onMask = t.apply(Nd4j.zeros(DataType.FLOAT, 2, 3, 8, 8)); // 1 where masked, 0 elsewhere
        TestImages.assertExactlyEqual(grad, upstream.mul(onMask.mul(-2).add(1)));
    }

    @Test
    void badShapesAreClearErrors() {
        BlockTransform t = BlockTransform.forKey(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 1));
        assertThatThrownBy(() -> t.apply(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 6))).hasMessageContaining("divisible by the block size 4");
        assertThatThrownBy(() -> t.apply(Nd4j.zeros(DataType.FLOAT, 1, 1, 8, 8))).hasMessageContaining("3 channels");
        assertThatThrownBy(() -> t.applyTensor(Tensor.of(Nd4j.zeros(DataType.FLOAT, 3, 8, 8)))).hasMessageContaining("4 dimensions");
    }

    /** out[n, :, block][i] = in[n, :, block][key[i]] with (row, col, channel) flattening, written as plainly as possible. */
    static INDArray referenceShuffle(INDArray x, int m, int[] key) {
        long nImages = x.size(0);
        int c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        INDArray out = Nd4j.zeros(x.dataType(), x.shape());
        for (int n = 0; n < nImages; n++)
            for (int by = 0; by < h / m; by++)
                for (int bx = 0; bx < w / m; bx++)
                    for (int i = 0; i < m * m * c; i++) {
                        int k = key[i];
                        int ri = i / (m * c), ci = (i / c) % m, chi = i % c;
                        int rk = k / (m * c), ck = (k / c) % m, chk = k % c;
                        out.putScalar(new long[]{n, chi, by * m + ri, bx * m + ci}, x.getDouble(n, chk, by * m + rk, bx * m + ck));
                    }
        return out;
    }
}
