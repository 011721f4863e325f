package dev.mamori.methods.genattack.attack;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.attacks.InverseTranslation;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scorer on known attacks: one that returns the plain images exactly (an oracle) must gain over the encrypted
 * image on every metric with intervals above 0; the encrypted image scored against itself gains nothing; a judge or a
 * perceptual distance that is absent is "not measured" in the table.
 */
class SchemeComparisonTest {
    private static final SchemeOptions OPTIONS = SchemeOptions.defaults().withBlockSize(4);

    @Test
    void anOracleGainsOnEveryMetricAndTheBaselineGainsNothing(@TempDir Path dir) throws Exception {
        INDArray plain = smoothImages(12);
        KeyGeometry g = Scheme.ETC.geometry(3, 16, 16, OPTIONS);
        INDArray encrypted = InverseTranslation.encryptEachWithFreshKey(Scheme.ETC, OPTIONS, g, plain, new SplittableRandom(3));
        ReconstructionAttack oracle = new ReconstructionAttack() {
            public String name() { return "oracle"; }
            public INDArray reconstruct(INDArray e) { return plain.dup(); }
        };
        // a judge that tells bright from dark images, a perceptual distance that is the mean absolute difference
        SchemeComparison.ClassJudge judge = x -> {
            int[] out = new int[(int) x.size(0)];
            for (int i = 0; i < out.length; i++) out[i] = x.slice(i).meanNumber().doubleValue() > 0.5 ? 1 : 0;
            return out;
        };
        SchemeComparison.PerceptualDistance l1 = (a, b) -> {
            double[] out = new double[(int) a.size(0)];
            for (int i = 0; i < out.length; i++) out[i] = Transforms.abs(a.slice(i).sub(b.slice(i))).meanNumber().doubleValue();
            return out;
        };
        // features for the FID-style distance: each image's per-channel means over its four quadrants (12 numbers)
        SchemeComparison.Features quadrants = x -> x.reshape(x.size(0), 3, 2, 8, 2, 8).mean(3, 5).reshape(x.size(0), 12);
        int[] labels = judge.predict(plain);
        SchemeComparison.Result r = SchemeComparison.compare(new SchemeComparison.Targets("etc", plain, encrypted, labels),
                new EncryptedImageBaseline(Scheme.ETC, OPTIONS, g), List.of(oracle), new SchemeComparison.Scorers(judge, l1, "L1 (test)", quadrants, 7), 4);

        SchemeComparison.AttackScores base = r.baseline(), o = r.attack("oracle");
        assertThat(base.attack()).isEqualTo(EncryptedImageBaseline.NAME);
        assertThat(base.psnrGain().value()).isZero();
        assertThat(o.psnr().value()).isEqualTo(SchemeComparison.PSNR_CAP);
        assertThat(o.ssim().value()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(o.agreement().value()).isEqualTo(1.0);
        for (var gain : List.of(o.psnrGain(), o.ssimGain(), o.perceptualGain())) assertThat(gain.interval().lower()).isGreaterThan(0);
        assertThat(o.agreementGain().value()).isGreaterThanOrEqualTo(0);
        assertThat(r.judgeAccuracyOnPlain().value()).isEqualTo(1.0);
        assertThat(o.examples().shape()).containsExactly(4, 3, 16, 16);
        assertThat(o.frechet()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));   // the plain images' own feature Gaussian
        assertThat(base.frechet()).isGreaterThan(0.01);                                      // scrambled blocks move the quadrant means

        ExperimentReport report = ExperimentReport.named("comparison test");
        SchemeComparison.addSection(report, "Reconstructions", List.of(r), "grid");
        report.writeTo(dir);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("oracle", "encrypted image", "L1 (test)");
    }

    @Test
    void absentScorersAreNotMeasuredAndWrongShapesAreRefused() {
        INDArray plain = smoothImages(4);
        KeyGeometry g = Scheme.PE.geometry(3, 16, 16, OPTIONS);
        INDArray encrypted = InverseTranslation.encryptEachWithFreshKey(Scheme.PE, OPTIONS, g, plain, new SplittableRandom(5));
        SchemeComparison.Result r = SchemeComparison.compare(new SchemeComparison.Targets("pe", plain, encrypted, null),
                new EncryptedImageBaseline(Scheme.PE, OPTIONS, g), List.of(), SchemeComparison.Scorers.pixelsOnly(1), 2);
        assertThat(r.baseline().perceptual()).isNull();
        assertThat(r.baseline().agreement()).isNull();
        assertThat(r.baseline().frechet()).isNull();
        assertThat(SchemeComparison.table("t", List.of(r)).rows().get(0)).contains("not measured");

        ReconstructionAttack wrong = new ReconstructionAttack() {
            public String name() { return "wrong"; }
            public INDArray reconstruct(INDArray e) { return e.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup(); }
        };
        assertThatThrownBy(() -> SchemeComparison.compare(new SchemeComparison.Targets("pe", plain, encrypted, null),
                new EncryptedImageBaseline(Scheme.PE, OPTIONS, g), List.of(wrong), SchemeComparison.Scorers.pixelsOnly(1), 2))
                .hasMessageContaining("wrong").hasMessageContaining("shape");
    }

    /** Images on the 8-bit grid with some structure (smooth gradients plus noise), so SSIM and PSNR are meaningful. */
    static INDArray smoothImages(int n) {
        INDArray x = RandomArrays.uniform(new SplittableRandom(11), 0, 1, n, 3, 16, 16);
        for (int i = 0; i < n; i++) for (int h = 0; h < 16; h++) {
            x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(h)).muli(0.3).addi((h + i) / 32.0);
        }
        return Transforms.round(x.muli(255), false).divi(255);
    }
}
