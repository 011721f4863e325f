package dev.mamori.methods.backdoor.triggers;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Resampling;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * WaNet (Nguyen and Tran, ICLR 2021), as BackdoorBench's {@code imageWarp}: a smooth, fixed warping field moves every
 * pixel a little, and the warped image is resampled bilinearly.
 * <ol>
 *   <li>noise_field = ins / mean(|ins|), ins ~ U[-1, 1]^(1, 2, k, k) (the attacker's secret; drawn from a seed here);</li>
 *   <li>noise_grid = bicubic resize of noise_field to H x H (align_corners), as [1, H, H, 2];</li>
 *   <li>identity_grid[0, i, j] = (lin[j], lin[i]), lin = linspace(-1, 1, H): (x, y) for grid sampling;</li>
 *   <li>grid = clamp((identity_grid + s noise_grid / H) * grid_rescale, -1, 1);</li>
 *   <li>x' = grid_sample(x, grid, bilinear, zeros padding, align_corners=True).</li>
 * </ol>
 * Noise mode ("cross" samples, trained with their true labels): grid + U[-1, 1]^(N, H, H, 2) / H, clamped, one random
 * field per image. BackdoorBench draws these afresh every batch; our poisoning draws them once per poisoned set.
 * Square images only (the reference uses the height for both sides).
 */
public final class WaNetTrigger implements Trigger {
    private final long[] shape;
    private final int k;
    private final double strength;
    private final double gridRescale;
    private final float[] noiseField;
    private final float[] noiseGrid;
    private final float[] identityGrid;
    private final float[] grid;

    /**
     * @param noiseField  [1, 2, k, k], already normalised by its mean absolute value
     * @param strength    s, the warping strength (0.5 in BackdoorBench's default config)
     * @param gridRescale the grid's rescaling (1)
     */
    public WaNetTrigger(int channels, int size, INDArray noiseField, double strength, double gridRescale) {
        if (noiseField.rank() != 4 || noiseField.size(0) != 1 || noiseField.size(1) != 2 || noiseField.size(2) != noiseField.size(3)) {
            throw new IllegalArgumentException("WaNet noise field must be [1, 2, k, k]; got " + Arrays.toString(noiseField.shape()));
        }
        if (!(strength > 0)) throw new IllegalArgumentException("WaNet strength s must be positive; got " + strength);
        if (!(gridRescale > 0)) throw new IllegalArgumentException("WaNet grid_rescale must be positive; got " + gridRescale);
        if (size < 2) throw new IllegalArgumentException("WaNet needs images of at least 2x2; got " + size);
        this.shape = new long[]{channels, size, size};
        this.k = (int) noiseField.size(2);
        this.strength = strength;
        this.gridRescale = gridRescale;
        this.noiseField = TriggerImages.pixels(noiseField);
        float[] resized = Bicubic.resizeAlignCorners(this.noiseField, 2, k, k, size, size);  // [2, H, H]
        this.noiseGrid = new float[size * size * 2];
        this.identityGrid = new float[size * size * 2];
        this.grid = new float[size * size * 2];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                int o = (i * size + j) * 2;
                noiseGrid[o] = resized[i * size + j];                 // permute(0, 2, 3, 1)
                noiseGrid[o + 1] = resized[size * size + i * size + j];
                identityGrid[o] = linspace(j, size);
                identityGrid[o + 1] = linspace(i, size);
                for (int c = 0; c < 2; c++) {
                    float v = (float) ((identityGrid[o + c] + strength * noiseGrid[o + c] / size) * gridRescale);
                    grid[o + c] = Math.max(-1f, Math.min(1f, v));
                }
            }
        }
    }

    /** A trigger with a noise field drawn from {@code seed} (BackdoorBench: torch.rand * 2 - 1, divided by its mean |.|). */
    public static WaNetTrigger random(int channels, int size, int k, double strength, double gridRescale, long seed) {
        if (k < 2) throw new IllegalArgumentException("WaNet control grid k must be >= 2; got " + k);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] ins = new float[2 * k * k];
        double meanAbs = 0;
        for (int i = 0; i < ins.length; i++) {
            ins[i] = (float) (rng.nextDouble() * 2 - 1);
            meanAbs += Math.abs(ins[i]);
        }
        meanAbs /= ins.length;
        for (int i = 0; i < ins.length; i++) ins[i] = (float) (ins[i] / meanAbs);
        return new WaNetTrigger(channels, size, TriggerImages.array(ins, 1, 2, k, k), strength, gridRescale);
    }

    /** torch.linspace(-1, 1, n)[i] in float32: the same steps torch takes (start + i * step, the upper half from the end). */
    private static float linspace(int i, int n) {
        float step = (float) (2.0 / (n - 1));
        return i < n / 2 ? -1f + step * i : 1f - step * (n - 1 - i);
    }

    public INDArray noiseField() {
        return TriggerImages.array(noiseField.clone(), 1, 2, k, k);
    }

    /** [1, H, H, 2]. */
    public INDArray noiseGrid() {
        return TriggerImages.array(noiseGrid.clone(), 1, shape[1], shape[2], 2);
    }

    /** [1, H, H, 2]. */
    public INDArray identityGrid() {
        return TriggerImages.array(identityGrid.clone(), 1, shape[1], shape[2], 2);
    }

    /** The warping grid [1, H, H, 2]. */
    public INDArray grid() {
        return TriggerImages.array(grid.clone(), 1, shape[1], shape[2], 2);
    }

    @Override
    public String name() {
        return "wanet";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "WaNet: warping field from a %dx%d control grid, strength s = %.3g, grid_rescale %.3g (seeded noise field)",
                k, k, strength, gridRescale);
    }

    @Override
    public long[] imageShape() {
        return shape.clone();
    }

    @Override
    public INDArray apply(INDArray images) {
        TriggerImages.check(name(), images, shape);
        int n = (int) images.size(0);
        float[] g = new float[n * grid.length];
        for (int i = 0; i < n; i++) System.arraycopy(grid, 0, g, i * grid.length, grid.length);
        return sample(images, g);
    }

    @Override
    public boolean hasNoiseMode() {
        return true;
    }

    @Override
    public INDArray applyNoiseMode(INDArray images, long seed) {
        TriggerImages.check(name(), images, shape);
        int n = (int) images.size(0);
        int size = (int) shape[1];
        SplittableRandom rng = new SplittableRandom(seed);
        float[] g = new float[n * grid.length];
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < grid.length; e++) {
                float v = grid[e] + (float) ((rng.nextDouble() * 2 - 1) / size);
                g[i * grid.length + e] = Math.max(-1f, Math.min(1f, v));
            }
        }
        return sample(images, g);
    }

    private INDArray sample(INDArray images, float[] grids) {
        int n = (int) images.size(0);
        INDArray x = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c');
        INDArray g = TriggerImages.array(grids, n, shape[1], shape[2], 2);
        try (GradMode.Scope off = GradMode.noGrad()) {
            return Resampling.gridSample(Tensor.of(x), Tensor.of(g), Resampling.GridPadding.ZEROS, true).value();
        }
    }
}
