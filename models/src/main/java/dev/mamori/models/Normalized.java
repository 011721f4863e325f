package dev.mamori.models;

import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A classifier that takes images in [0, 1] and normalizes them ((x - mean) / std per channel) before the wrapped
 * model, so that attacks, budgets and clamping always live in pixel space. The inner model is the child "model"
 * (its state_dict keys are prefixed "model.").
 */
public class Normalized extends Classifier {
    public final Classifier model;
    private final Tensor mean, invStd;
    private final double[] meanValues, stdValues;

    public Normalized(Classifier model, double[] mean, double[] std) {
        super(model.numClasses(), model.inChannels(), model.imageSize());
        if (mean.length != model.inChannels() || std.length != model.inChannels()) {
            throw new IllegalArgumentException("normalization needs " + model.inChannels() + " means and stds, got "
                    + mean.length + " and " + std.length);
        }
        this.model = register("model", model);
        this.meanValues = mean.clone();
        this.stdValues = std.clone();
        double[] inv = new double[std.length];
        for (int i = 0; i < std.length; i++) {
            if (std[i] <= 0) throw new IllegalArgumentException("std must be positive, got " + std[i]);
            inv[i] = 1.0 / std[i];
        }
        this.mean = Tensor.of(Nd4j.createFromArray(mean).castTo(DataType.FLOAT).reshape(1, mean.length, 1, 1));
        this.invStd = Tensor.of(Nd4j.createFromArray(inv).castTo(DataType.FLOAT).reshape(1, inv.length, 1, 1));
    }

    public double[] mean() {
        return meanValues.clone();
    }

    public double[] std() {
        return stdValues.clone();
    }

    @Override
    protected Tensor forward(Tensor images) {
        return model.call(images.sub(mean).mul(invStd));
    }

    /** The wrapped model (the one whose weights a checkpoint of the backbone holds). */
    public Module inner() {
        return model;
    }
}
