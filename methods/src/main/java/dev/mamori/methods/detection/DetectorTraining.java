package dev.mamori.methods.detection;

import dev.mamori.autograd.Tensor;
import dev.mamori.data.DetectionBatch;
import dev.mamori.models.detection.CenterNet;
import dev.mamori.models.detection.CenterNetTargets;
import dev.mamori.nn.Module;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Trains a CenterNet through the generic {@link Trainer} with a {@link DetectionStep}: Adam with a cosine-annealed
 * learning rate after a short linear warm-up, gradient clipping at global norm 10 (CenterNet's heads can spike early).
 *
 * @param epochs     passes over the training data
 * @param batchSize  images per step
 * @param lr         peak learning rate
 * @param maxObjects object slots per image (CenterNet's max_objs)
 * @param seed       the run seed (batch order)
 */
public record DetectorTraining(int epochs, int batchSize, double lr, int maxObjects, long seed) {

    public DetectorTraining {
        if (epochs < 1 || batchSize < 1 || !(lr > 0) || maxObjects < 1) throw new IllegalArgumentException("epochs, batch size, lr and object slots must be positive");
    }

    /**
     * Trains {@code trainable} (the parameters the optimizer updates: the detector, or a part of it) through
     * {@code forward} on {@code data}; {@code model} is the detector whose config gives the target geometry.
     */
    public Trainer.Result run(CenterNet model, Module trainable, Function<Tensor, CenterNet.Maps> forward, DetectionData data, boolean verbose) {
        return train(model, trainable, forward, data, verbose, null, 0);
    }

    /**
     * Trains the whole detector through {@code forward}, checkpointing into {@code checkpoints} at every epoch end and
     * every {@code everySeconds} seconds (0: epoch ends only): a training killed part-way continues from its last
     * checkpoint to bit for bit the weights of an uninterrupted one, and a finished one is restored from its final
     * checkpoint without training again.
     */
    public Trainer.Result resume(CenterNet model, Function<Tensor, CenterNet.Maps> forward, DetectionData data, Path checkpoints, double everySeconds) {
        return train(model, model, forward, data, false, checkpoints, everySeconds);
    }

    private Trainer.Result train(CenterNet model, Module trainable, Function<Tensor, CenterNet.Maps> forward, DetectionData data, boolean verbose,
                                 Path checkpoints, double everySeconds) {
        DetectionStep step = new DetectionStep(forward, CenterNetTargets.forModel(model.config, maxObjects), data.categories());
        var batches = data.batches(batchSize, true);
        long total = epochs * batches.batchesPerEpoch();
        long warmup = Math.min(100, total / 10);
        LrSchedule schedule = LrSchedule.cosine(lr, lr * 0.01, Math.max(1, total - warmup)).withWarmup(warmup);
        TrainerConfig config = TrainerConfig.epochs(epochs).withSeed(seed).withGradClipNorm(10);
        if (!verbose) config = config.quiet();
        if (checkpoints != null) config = config.withCheckpoints(checkpoints, 0).withCheckpointEverySeconds(everySeconds);
        Trainer<DetectionBatch> trainer = Trainer.builder(step, config).module(DetectionStep.NAME, trainable)
                .optimizer(DetectionStep.NAME, new Adam(trainable.trainableParameters(), lr), schedule).build();
        model.train();
        Trainer.Result r = checkpoints != null ? trainer.resume(batches) : trainer.fit(batches);
        model.eval();
        return r;
    }

    /** Trains the whole detector through {@code forward}. */
    public Trainer.Result run(CenterNet model, Function<Tensor, CenterNet.Maps> forward, DetectionData data, boolean verbose) {
        return run(model, model, forward, data, verbose);
    }
}
