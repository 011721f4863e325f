package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.nn.Module;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.losses.Loss;
import dev.mamori.nn.optim.GradClipping;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Optimizer;
import dev.mamori.nn.util.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a classifier: shuffled mini-batches (order from seed and epoch), learning-rate schedule per step, gradient
 * clipping, EMA of weights, evaluation every epoch, metrics history (and JSON lines), early stopping, checkpoints
 * (every epoch and every N steps) and exact resumption: everything random is derived from (seed, step), so a
 * resumed run reaches the same weights as an uninterrupted one.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String LAST = "last", BEST = "best";

    private final Module model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Loss loss;
    private final TrainerConfig config;
    private final Ema ema;

    public Trainer(Module model, Optimizer optimizer, LrSchedule schedule, Loss loss, TrainerConfig config) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule == null ? LrSchedule.constant(optimizer.lr()) : schedule;
        this.loss = loss;
        this.config = config;
        this.ema = config.emaDecay() > 0 ? new Ema(model, config.emaDecay()) : null;
    }

    /** What a run produced. */
    public record Result(List<EpochRecord> history, int bestEpoch, double bestValAccuracy, boolean stoppedEarly,
                         long steps, double seconds) {
        public EpochRecord last() {
            return history.get(history.size() - 1);
        }
    }

    /** Trains from scratch (or from the state the model and optimizer are in). */
    public Result fit(BatchSource train, BatchSource val) {
        return run(train, val, new Checkpoint.Position(0, 0, 0, config.seed()), new ArrayList<>(), new double[3]);
    }

    /** Continues from the "last" checkpoint in the configured directory if there is one; otherwise starts afresh. */
    public Result resume(BatchSource train, BatchSource val) {
        if (config.checkpointDir() == null || !Checkpoint.exists(config.checkpointDir(), LAST)) return fit(train, val);
        try {
            Checkpoint.Loaded c = Checkpoint.load(config.checkpointDir(), LAST, model, optimizer, ema);
            if (c.position().seed() != config.seed()) {
                throw new IllegalStateException("checkpoint in " + config.checkpointDir() + " was made with seed "
                        + c.position().seed() + ", this run has seed " + config.seed());
            }
            log("resuming from epoch %d, batch %d (step %d)", c.position().epoch(), c.position().batchInEpoch(), c.position().step());
            List<EpochRecord> history = new ArrayList<>(c.history());
            // A run cut short mid-epoch recorded that epoch as far as it got; the resumed run completes and re-records it.
            if (!history.isEmpty() && history.get(history.size() - 1).epoch() == c.position().epoch()) history.remove(history.size() - 1);
            double[] partial = new double[3];
            if (c.position().batchInEpoch() > 0 && c.info() != null && c.info().has("partial_epoch")) {
                for (int i = 0; i < 3; i++) partial[i] = c.info().get("partial_epoch").get(i).asDouble();
            }
            return run(train, val, c.position(), history, partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Ema ema() {
        return ema;
    }

    /**
     * The training loop from {@code start}. {@code partial} holds (loss sum, correct, seen) of the batches of the start
     * epoch that ran before a mid-epoch checkpoint, so the resumed epoch's metrics cover the whole epoch.
     */
    private Result run(BatchSource train, BatchSource val, Checkpoint.Position start, List<EpochRecord> history, double[] partial) {
        long t0 = System.nanoTime();
        long step = start.step();
        int bestEpoch = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (EpochRecord r : history) {
            if (r.valAccuracy() > best) {
                best = r.valAccuracy();
                bestEpoch = r.epoch();
            }
        }
        boolean stoppedEarly = false;
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> bestWeights = null;
        for (int epoch = start.epoch(); epoch < config.epochs() && step < config.maxSteps(); epoch++) {
            long epochStart = System.nanoTime();
            model.train();
            Iterator<TrainBatch> it = train.epoch(epoch, config.seed());
            int skip = epoch == start.epoch() ? start.batchInEpoch() : 0;
            for (int i = 0; i < skip && it.hasNext(); i++) it.next();
            boolean resumedEpoch = epoch == start.epoch() && skip > 0;
            double lossSum = resumedEpoch ? partial[0] : 0;
            long correct = resumedEpoch ? (long) partial[1] : 0, seen = resumedEpoch ? (long) partial[2] : 0;
            int batchIndex = skip;
            try (Progress progress = config.verbose() ? Progress.start("epoch " + (epoch + 1) + "/" + config.epochs(), train.batchesPerEpoch())
                    : Progress.silent("epoch", train.batchesPerEpoch())) {
                progress.step(skip);
                while (it.hasNext() && step < config.maxSteps()) {
                    TrainBatch b = it.next();
                    optimizer.setLr(schedule.lr(step));
                    Stochastic.reseedAll(model, Stochastic.mix(config.seed(), step));
                    try (MemoryScope ignored = MemoryScope.open("train-step")) {
                        optimizer.zeroGrad();
                        Tensor logits = model.call(Tensor.of(b.inputs()));
                        Tensor l = loss.compute(logits, b.labels());
                        l.backward();
                        if (config.gradClipNorm() > 0) GradClipping.clipByNorm(optimizer.parameters().values(), config.gradClipNorm());
                        optimizer.step();
                        if (ema != null) ema.update();
                        double lv = l.item();
                        if (!Double.isFinite(lv)) throw new IllegalStateException("loss became " + lv + " at step " + step + " (learning rate " + optimizer.lr() + ")");
                        lossSum += lv * b.size();
                        correct += Evaluation.countCorrect(logits.value(), b.labels());
                        seen += b.size();
                    }
                    step++;
                    batchIndex++;
                    progress.step();
                    progress.set("loss", lossSum / seen);
                    progress.set("acc", String.format("%.2f%%", 100.0 * correct / seen));
                    if (config.checkpointDir() != null && config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0) {
                        boolean epochDone = !it.hasNext();
                        save(LAST, new Checkpoint.Position(epochDone ? epoch + 1 : epoch, epochDone ? 0 : batchIndex, step, config.seed()),
                                history, epochDone ? null : new double[]{lossSum, correct, seen});
                    }
                }
            }
            boolean epochComplete = !it.hasNext();
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            double valLoss = Double.NaN, valAcc = Double.NaN;
            if (val != null) {
                if (ema != null) ema.swap();
                Evaluation.Result r = Evaluation.run(model, val, loss);
                if (ema != null) ema.swap();
                valLoss = r.loss();
                valAcc = r.accuracy();
            }
            EpochRecord rec = new EpochRecord(epoch, step, optimizer.lr(), seen > 0 ? lossSum / seen : Double.NaN,
                    seen > 0 ? (double) correct / seen : Double.NaN, valLoss, valAcc, seconds, seen / seconds);
            history.add(rec);
            appendMetrics(rec);
            log("epoch %d/%d: train loss %.4f acc %.2f%% | val loss %.4f acc %.2f%% | %.1fs, %.0f examples/s",
                    epoch + 1, config.epochs(), rec.trainLoss(), 100 * rec.trainAccuracy(), valLoss, 100 * valAcc, seconds, rec.examplesPerSecond());
            boolean improved = val != null && valAcc > best;
            if (improved) {
                best = valAcc;
                bestEpoch = epoch;
                if (config.restoreBest() && config.checkpointDir() == null) bestWeights = snapshot();
            }
            if (config.checkpointDir() != null) {
                Checkpoint.Position pos = epochComplete ? new Checkpoint.Position(epoch + 1, 0, step, config.seed())
                        : new Checkpoint.Position(epoch, batchIndex, step, config.seed());
                double[] acc = epochComplete ? null : new double[]{lossSum, correct, seen};
                save(LAST, pos, history, acc);
                if (improved) save(BEST, pos, history, acc);
            }
            if (config.earlyStoppingPatience() > 0 && val != null && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                log("early stopping: no improvement of validation accuracy for %d epochs (best %.2f%% at epoch %d)",
                        config.earlyStoppingPatience(), 100 * best, bestEpoch + 1);
                stoppedEarly = true;
                break;
            }
        }
        if (config.restoreBest()) restoreBest(bestWeights);
        MemoryScope.release("train-step");
        return new Result(history, bestEpoch, best, stoppedEarly, step, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Puts the best epoch's weights back: from the "best" checkpoint, or from the in-memory copy when there is no
     * checkpoint directory. With EMA the best epoch was chosen by the averaged weights, so those are restored.
     */
    private void restoreBest(Map<String, org.nd4j.linalg.api.ndarray.INDArray> inMemory) {
        if (config.checkpointDir() != null) {
            if (!Checkpoint.exists(config.checkpointDir(), BEST)) return;
            try {
                Checkpoint.load(config.checkpointDir(), BEST, model, null, ema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (ema != null) ema.swap();
        } else if (inMemory != null) {
            model.loadStateDict(inMemory, true);
        }
    }

    /** A copy of the model's state, taken with the EMA weights live when EMA is on (what validation measured). */
    private Map<String, org.nd4j.linalg.api.ndarray.INDArray> snapshot() {
        if (ema != null) ema.swap();
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> copy = new LinkedHashMap<>();
        dev.mamori.autograd.MemoryScope.outside(() -> {
            model.stateDict().forEach((k, v) -> copy.put(k, v.dup()));
            return null;
        });
        if (ema != null) ema.swap();
        return copy;
    }

    private void save(String name, Checkpoint.Position pos, List<EpochRecord> history, double[] partialEpoch) {
        Map<String, Object> info = new LinkedHashMap<>();
        if (partialEpoch != null) info.put("partial_epoch", partialEpoch);
        info.put("model", model.getClass().getSimpleName());
        info.put("parameters", model.parameterCount());
        info.put("optimizer", optimizer.getClass().getSimpleName());
        try {
            Checkpoint.save(config.checkpointDir(), name, model, optimizer, ema, pos, history, info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint '" + name + "' in " + config.checkpointDir(), e);
        }
    }

    private void appendMetrics(EpochRecord r) {
        if (config.metricsFile() == null) return;
        try {
            if (config.metricsFile().getParent() != null) Files.createDirectories(config.metricsFile().getParent());
            Files.writeString(config.metricsFile(), JSON.writeValueAsString(r.toJson()) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append metrics to " + config.metricsFile(), e);
        }
    }

    private void log(String fmt, Object... args) {
        if (config.verbose()) System.err.println(String.format(fmt, args).replace("NaN%", "-").replace("NaN", "-"));
    }
}
