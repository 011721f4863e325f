package dev.mamori.models.gan;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;

/**
 * The StyleGAN2 generator (Karras et al. 2020, arXiv 1912.04958): {@link MappingNetwork} z -> w, then the
 * {@link SynthesisNetwork} from one style per layer. {@link #call(Tensor, Tensor, int, double, NoiseInput)} adds style
 * mixing (StyleGAN, arXiv 1812.04948, section 3.1: the layers from a crossover point on take the styles of a second
 * latent) and the truncation trick ({@link MappingNetwork#truncate}).
 */
public final class Generator extends Module {
    private final StyleGanConfig config;
    public final MappingNetwork mapping;
    public final SynthesisNetwork synthesis;

    public Generator(StyleGanConfig config) {
        this.config = config;
        this.mapping = register("mapping", new MappingNetwork(config));
        this.synthesis = register("synthesis", new SynthesisNetwork(config));
    }

    public StyleGanConfig config() {
        return config;
    }

    /** Styles of z [B, z_dim], truncated by psi, repeated for every layer: [B, numWs, w_dim]. */
    public Tensor styles(Tensor z, double psi) {
        return broadcast(mapping.truncate(mapping.call(z), psi));
    }

    /** w [B, w_dim] -> ws [B, numWs, w_dim] (the same style for every layer). */
    public Tensor broadcast(Tensor w) {
        return w.unsqueeze(1).expand(w.size(0), config.numWs(), config.wDim());
    }

    /** Layers before {@code crossover} take ws1's styles, the others ws2's: both [B, numWs, w_dim]. */
    public Tensor mixStyles(Tensor ws1, Tensor ws2, int crossover) {
        if (crossover <= 0) return ws2;
        if (crossover >= config.numWs()) return ws1;
        return Tensor.cat(java.util.List.of(ws1.slice(1, 0, crossover), ws2.slice(1, crossover, config.numWs())), 1);
    }

    /** Images of z [B, z_dim] with truncation psi and the given noise: [B, C, R, R]. */
    public Tensor call(Tensor z, double psi, NoiseInput noise) {
        return synthesis.call(styles(z, psi), noise);
    }

    /**
     * Images with style mixing: layers before {@code crossover} from z1, the rest from z2 (crossover numWs: no mixing).
     */
    public Tensor call(Tensor z1, Tensor z2, int crossover, double psi, NoiseInput noise) {
        return synthesis.call(mixStyles(styles(z1, psi), styles(z2, psi), crossover), noise);
    }

    /** An image batch [B, C, H, W] must have this generator's channels and resolution; anything else is an error. */
    public void checkImages(long[] shape, String what) {
        config.checkImages(shape, what);
    }
}
