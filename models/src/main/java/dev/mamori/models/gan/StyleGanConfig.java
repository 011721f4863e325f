package dev.mamori.models.gan;

import java.util.Arrays;

/**
 * The sizes of a {@link StyleGan2} (generator and discriminator).
 *
 * @param resolution            image size (square, a power of 2 >= 8)
 * @param imageChannels         image channels (3 for RGB)
 * @param zDim                  latent z size
 * @param wDim                  intermediate latent w size (styles come from w)
 * @param mappingLayers         fully connected layers of the mapping network
 * @param generatorChannels     output channels of each synthesis block, from 4x4 up to the resolution (log2(resolution) - 1
 *                              entries); the constant input has the first block's channels
 * @param discriminatorChannels channels at each discriminator resolution, from the image resolution down to 4x4
 *                              (log2(resolution) - 1 entries): fromrgb gives the first, each block halves the size and
 *                              goes to the next
 * @param wAvgBeta              decay of the running mean of w used for truncation (stylegan2-ada: 0.995)
 */
public record StyleGanConfig(int resolution, int imageChannels, int zDim, int wDim, int mappingLayers, int[] generatorChannels,
                             int[] discriminatorChannels, double wAvgBeta) {
    public StyleGanConfig {
        if (resolution < 8 || Integer.bitCount(resolution) != 1) {
            throw new IllegalArgumentException("StyleGAN: resolution must be a power of 2 >= 8, got " + resolution);
        }
        if (imageChannels < 1 || zDim < 1 || wDim < 1 || mappingLayers < 1) {
            throw new IllegalArgumentException("StyleGAN: image channels, z_dim, w_dim and mapping layers must be positive");
        }
        int levels = levels(resolution);
        if (generatorChannels == null || generatorChannels.length != levels) {
            throw new IllegalArgumentException("StyleGAN: a " + resolution + "x" + resolution + " generator needs " + levels
                    + " block widths (4x4 .. " + resolution + "x" + resolution + "), got " + Arrays.toString(generatorChannels));
        }
        if (discriminatorChannels == null || discriminatorChannels.length != levels) {
            throw new IllegalArgumentException("StyleGAN: a " + resolution + "x" + resolution + " discriminator needs " + levels
                    + " widths (" + resolution + "x" + resolution + " .. 4x4), got " + Arrays.toString(discriminatorChannels));
        }
        for (int c : generatorChannels) if (c < 1) throw new IllegalArgumentException("StyleGAN: block widths must be positive");
        for (int c : discriminatorChannels) if (c < 1) throw new IllegalArgumentException("StyleGAN: discriminator widths must be positive");
        if (!(wAvgBeta >= 0 && wAvgBeta < 1)) throw new IllegalArgumentException("StyleGAN: w_avg beta must be in [0, 1), got " + wAvgBeta);
        generatorChannels = generatorChannels.clone();
        discriminatorChannels = discriminatorChannels.clone();
    }

    /** Resolution levels from 4x4 up: log2(resolution) - 1. */
    static int levels(int resolution) {
        return Integer.numberOfTrailingZeros(resolution) - 1;
    }

    /** Synthesis blocks (one per resolution level). */
    public int blocks() {
        return levels(resolution);
    }

    /** Styles the synthesis network takes (W+ rows): two convolutions per block, the last block's ToRGB one more. */
    public int numWs() {
        return 2 * blocks() + 1;
    }

    @Override
    public int[] generatorChannels() {
        return generatorChannels.clone();
    }

    @Override
    public int[] discriminatorChannels() {
        return discriminatorChannels.clone();
    }

    /**
     * Fails with a message naming {@code what} unless {@code shape} is [B, imageChannels, resolution, resolution]: a
     * network built for one image size cannot take another (the constant input and the discriminator's last dense layer
     * fix it).
     */
    public void checkImages(long[] shape, String what) {
        if (shape.length != 4 || shape[1] != imageChannels || shape[2] != resolution || shape[3] != resolution) {
            throw new IllegalArgumentException(what + " was built for " + imageChannels + "x" + resolution + "x" + resolution
                    + " images [B, C, H, W], got " + Arrays.toString(shape));
        }
    }

    /** The same sizes at another resolution, channel lists given anew. */
    public StyleGanConfig withResolution(int resolution, int[] generatorChannels, int[] discriminatorChannels) {
        return new StyleGanConfig(resolution, imageChannels, zDim, wDim, mappingLayers, generatorChannels, discriminatorChannels, wAvgBeta);
    }
}
