package dev.mamori.nn.layers;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Regularization;
import dev.mamori.nn.Module;
import dev.mamori.nn.init.Init;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Inverted dropout in training mode, identity in eval mode; its own seeded random stream. */
public class Dropout extends Module implements dev.mamori.nn.Stochastic {
    public final double p;
    private Random rng;

    public Dropout(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout probability must be in [0, 1], got " + p);
        this.p = p;
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(Init.nextSeed());
    }

    @Override
    public void reseed(long seed) {
        this.rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
    }

    @Override
    protected Tensor forward(Tensor x) {
        return isTraining() && p > 0 ? Regularization.dropout(x, p, rng) : x;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
