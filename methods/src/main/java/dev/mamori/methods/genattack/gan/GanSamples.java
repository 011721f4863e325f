package dev.mamori.methods.genattack.gan;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.eval.report.AtomicFiles;
import dev.mamori.eval.report.ImageGrid;
import dev.mamori.models.gan.Generator;
import dev.mamori.models.gan.NoiseInput;
import dev.mamori.nn.util.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Images of a generator as [0, 1] arrays and sample grids (one row per truncation psi), a pure function of the seed. */
public final class GanSamples {
    private GanSamples() {
    }

    /** n images [n, C, R, R] in [0, 1]: z and noise from the seed, truncation psi. */
    public static INDArray images(Generator g, int n, long seed, double psi) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray z = RandomArrays.normal(rng, 0, 1, n, g.config().zDim());
        NoiseInput noise = NoiseInput.seeded(rng.nextLong());
        return MemoryScope.outside(() -> {
            try (GradMode.Scope off = GradMode.noGrad()) {
                return g.call(Tensor.of(z), psi, noise).value().add(1).muli(0.5);
            }
        }).dup();
    }

    /** A grid with one row of {@code perRow} images per psi (rows of at most 16), written as PNG to {@code file}. */
    public static void writeGrid(Generator g, int perRow, long seed, List<Double> psis, Path file) throws IOException {
        ImageGrid grid = ImageGrid.builder();
        for (double psi : psis) {
            INDArray imgs = images(g, perRow, seed, psi);
            org.nd4j.linalg.ops.transforms.Transforms.min(imgs, 1.0, false);
            org.nd4j.linalg.ops.transforms.Transforms.max(imgs, 0.0, false);
            for (int start = 0; start < perRow; start += 16) {
                INDArray part = imgs.get(NDArrayIndex.interval(start, Math.min(perRow, start + 16)));
                grid.row(start == 0 ? "psi " + psi : null, part);
            }
        }
        AtomicFiles.writePng(file, grid.render());
    }
}
