package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.nn.Module;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.losses.Loss;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.nn.optim.Optimizer;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Trains any model through a {@link TrainingStep}: the step computes one batch's losses and updates; the trainer owns
 * the rest. Per step it sets every optimizer's learning rate from its schedule, reseeds the stochastic modules from
 * (seed, step), runs the step in a memory scope, stops on a metric that is not finite, and updates the EMAs. Per epoch
 * it evaluates (with the EMA weights in place), records the history (and JSON lines), tracks the best epoch of a
 * {@link Monitor}ed metric for early stopping and restore-best, and checkpoints every module, optimizer and EMA with
 * the position and the running sums of a partly done epoch - at every epoch end, every N steps and every N seconds.
 * Everything random is a function of (seed, epoch) for the batch order and (seed, step) within a step, so a run
 * resumed from a checkpoint, in a fresh process, reaches bit for bit the weights of an uninterrupted one.
 *
 * <pre>{@code
 * Trainer<TrainBatch> t = Trainer.classifier(model, optimizer, schedule, Losses::crossEntropy, config);
 * Trainer<Images> gan = Trainer.builder(new MyGanStep(g, d), config)
 *         .module("generator", g).module("discriminator", d)
 *         .optimizer("g", adamG, scheduleG).optimizer("d", adamD, scheduleD)
 *         .emaOf("generator").build();
 * gan.resume(data); // continues from the "last" checkpoint if there is one
 * }</pre>
 *
 * @param <B> the mini-batch type
 */
public final class Trainer<B> {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String LAST = "last", BEST = "best";

    private final TrainingStep<B> step;
    private final Map<String, Module> modules;
    private final Map<String, Optimizer> optimizers;
    private final Map<String, LrSchedule> schedules;
    private final Map<String, Ema> emas;
    private final Evaluator<B> evaluator;
    private final TrainerConfig config;
    private final Checkpoint.Parts parts;
    private long lastSaveNanos;
    private long lastSavedStep = -1;

    private Trainer(Builder<B> b) {
        this.step = b.step;
        this.config = b.config;
        this.modules = new LinkedHashMap<>(b.modules);
        this.optimizers = new LinkedHashMap<>(b.optimizers);
        this.schedules = new LinkedHashMap<>(b.schedules);
        this.evaluator = b.evaluator;
        this.emas = new LinkedHashMap<>();
        for (String name : b.emaOf) emas.put(name, new Ema(modules.get(name), config.emaDecay(), config.emaWarmupPower()));
        this.parts = new Checkpoint.Parts(modules, optimizers, emas);
    }

    /** A trainer for {@code step}; register its modules and optimizers on the builder. */
    public static <B> Builder<B> builder(TrainingStep<B> step, TrainerConfig config) {
        return new Builder<>(step, config);
    }

    /**
     * Trains a classifier ({@link ClassificationStep}): one module and optimizer, both named "model"; a null schedule
     * keeps the optimizer's learning rate; validation loss and accuracy every epoch when {@code fit} is given
     * validation data; the best epoch is the one of highest validation accuracy unless the config monitors another.
     */
    public static Trainer<TrainBatch> classifier(Module model, Optimizer optimizer, LrSchedule schedule, Loss loss, TrainerConfig config) {
        TrainerConfig c = config.monitor() == null ? config.withMonitor(Monitor.max("val_accuracy")) : config;
        return builder(new ClassificationStep(model, loss), c).module(ClassificationStep.NAME, model)
                .optimizer(ClassificationStep.NAME, optimizer, schedule).evaluator(ClassificationStep.evaluator(model, loss)).build();
    }

    /** What a run produced; {@code bestValue} is the monitored metric's best (NaN without a monitor or a measurement). */
    public record Result(List<EpochRecord> history, int bestEpoch, double bestValue, boolean stoppedEarly, long steps, double seconds) {
        public EpochRecord last() {
            return history.get(history.size() - 1);
        }
    }

    /** Trains from scratch (or from the state the modules and optimizers are in), without validation data. */
    public Result fit(BatchSource<B> train) {
        return fit(train, null);
    }

    /** Trains from scratch; the evaluator gets {@code validation} (may be null) at every epoch end. */
    public Result fit(BatchSource<B> train, BatchSource<B> validation) {
        rewriteMetrics(List.of()); // a fresh run's metrics file holds its own epochs only
        return run(train, validation, new Checkpoint.Position(0, 0, 0, config.seed()), new ArrayList<>(), null);
    }

    public Result resume(BatchSource<B> train) {
        return resume(train, null);
    }

    /**
     * Continues from the "last" checkpoint in the configured directory if there is one (modules, optimizers, EMAs,
     * position, history, partial-epoch sums); otherwise starts afresh. The metrics file is rewritten from the
     * checkpoint's history, so it holds every epoch once.
     */
    public Result resume(BatchSource<B> train, BatchSource<B> validation) {
        if (config.checkpointDir() == null || !Checkpoint.exists(config.checkpointDir(), LAST)) return fit(train, validation);
        Checkpoint.Loaded c;
        try {
            c = Checkpoint.load(config.checkpointDir(), LAST, parts, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Checkpoint.Position pos = c.position();
        if (pos.seed() != config.seed()) {
            throw new IllegalStateException("checkpoint in " + config.checkpointDir() + " was made with seed " + pos.seed()
                    + ", this run has seed " + config.seed());
        }
        log("resuming from epoch %d, batch %d (step %d)", pos.epoch() + 1, pos.batchInEpoch(), pos.step());
        List<EpochRecord> history = new ArrayList<>(c.history());
        // A run cut short mid-epoch recorded that epoch as far as it got; the resumed run completes and re-records it.
        if (!history.isEmpty() && history.get(history.size() - 1).epoch() == pos.epoch()) history.remove(history.size() - 1);
        rewriteMetrics(history);
        lastSavedStep = pos.step();
        return run(train, validation, pos, history, pos.batchInEpoch() > 0 ? c.partialEpoch() : null);
    }

    /** The EMA when there is exactly one (null when there is none). */
    public Ema ema() {
        if (emas.size() > 1) throw new IllegalStateException("this trainer averages several modules " + emas.keySet() + "; use ema(name)");
        return emas.isEmpty() ? null : emas.values().iterator().next();
    }

    /** The EMA of the named module (null if it has none). */
    public Ema ema(String module) {
        return emas.get(module);
    }

    public Map<String, Module> modules() {
        return java.util.Collections.unmodifiableMap(modules);
    }

    public Map<String, Optimizer> optimizers() {
        return java.util.Collections.unmodifiableMap(optimizers);
    }

    public TrainerConfig config() {
        return config;
    }

    private Result run(BatchSource<B> train, BatchSource<B> validation, Checkpoint.Position start, List<EpochRecord> history,
                       RunningMetrics partial) {
        try {
            return loop(train, validation, start, history, partial);
        } finally {
            MemoryScope.release("train-step"); // the step's workspace keeps its peak size until released
        }
    }

    /** The loop from {@code start}; {@code partial} holds the running sums of the start epoch's batches before it. */
    private Result loop(BatchSource<B> train, BatchSource<B> validation, Checkpoint.Position start, List<EpochRecord> history,
                        RunningMetrics partial) {
        long t0 = System.nanoTime();
        lastSaveNanos = t0;
        long step = start.step();
        Monitor monitor = config.monitor();
        int bestEpoch = -1;
        double best = monitor == null ? Double.NaN : monitor.worst();
        if (monitor != null) {
            for (EpochRecord r : history) {
                if (monitor.improves(r.metric(monitor.metric()), best)) {
                    best = r.metric(monitor.metric());
                    bestEpoch = r.epoch();
                }
            }
        }
        // a run that had already stopped early when it was checkpointed stays stopped when resumed
        boolean stoppedEarly = !history.isEmpty() && config.earlyStoppingPatience() > 0 && monitor != null && bestEpoch >= 0
                && history.get(history.size() - 1).epoch() - bestEpoch >= config.earlyStoppingPatience();
        Map<String, Map<String, INDArray>> bestWeights = null;
        for (int epoch = start.epoch(); !stoppedEarly && epoch < config.epochs() && step < config.maxSteps(); epoch++) {
            long epochStart = System.nanoTime();
            modules.values().forEach(Module::train);
            int skip = epoch == start.epoch() ? start.batchInEpoch() : 0;
            Iterator<B> it = train.epoch(epoch, config.seed(), skip);
            RunningMetrics running = skip > 0 && partial != null ? partial : new RunningMetrics();
            long examplesBefore = running.examples(); // a resumed epoch's rate counts the examples this attempt trained
            int batchIndex = skip;
            String epochName = "epoch " + (epoch + 1) + "/" + config.epochs();
            String task = config.name() == null ? epochName : config.epochs() > 1 ? config.name() + " " + epochName : config.name();
            try (Progress progress = config.verbose() ? Progress.start(task, train.batchesPerEpoch()) : Progress.silent(task, train.batchesPerEpoch())) {
                progress.step(skip);
                while (it.hasNext() && step < config.maxSteps()) {
                    running.add(runStep(it.next(), step, epoch, batchIndex));
                    step++;
                    batchIndex++;
                    progress.step();
                    running.values().forEach(progress::set);
                    // at the end of the epoch (or of the run) the epoch-end checkpoint follows at once
                    if (checkpointDue(step) && it.hasNext() && step < config.maxSteps()) {
                        save(LAST, new Checkpoint.Position(epoch, batchIndex, step, config.seed()), history, running);
                    }
                }
            }
            boolean epochComplete = !it.hasNext();
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            if (optimizers.size() == 1) metrics.put("lr", optimizers.values().iterator().next().lr());
            else optimizers.forEach((n, o) -> metrics.put("lr_" + n, o.lr()));
            running.values().forEach((n, v) -> metrics.put("train_" + n, v));
            if (evaluator != null) metrics.putAll(evaluate(validation));
            EpochRecord rec = new EpochRecord(epoch, step, metrics, seconds, (running.examples() - examplesBefore) / seconds);
            history.add(rec);
            appendMetrics(rec);
            log("epoch %d/%d: %s | %.1f s, %.0f examples/s", epoch + 1, config.epochs(), describe(metrics), seconds, rec.examplesPerSecond());

            double monitored = monitor == null ? Double.NaN : monitored(rec, monitor);
            boolean improved = monitor != null && monitor.improves(monitored, best);
            if (improved) {
                best = monitored;
                bestEpoch = epoch;
                if (config.restoreBest() && config.checkpointDir() == null) bestWeights = snapshot();
            }
            if (config.checkpointDir() != null) {
                Checkpoint.Position pos = epochComplete ? new Checkpoint.Position(epoch + 1, 0, step, config.seed())
                        : new Checkpoint.Position(epoch, batchIndex, step, config.seed());
                RunningMetrics sums = epochComplete ? null : running;
                save(LAST, pos, history, sums);
                if (improved) save(BEST, pos, history, sums);
            }
            if (config.earlyStoppingPatience() > 0 && monitor != null && !Double.isNaN(monitored)
                    && epoch - bestEpoch >= config.earlyStoppingPatience()) {
                log("early stopping: no improvement of %s for %d epochs (best %.4g at epoch %d)", monitor.metric(),
                        config.earlyStoppingPatience(), best, bestEpoch + 1);
                stoppedEarly = true;
                break;
            }
        }
        if (config.restoreBest()) restoreBest(bestWeights);
        return new Result(history, bestEpoch, bestEpoch < 0 ? Double.NaN : best, stoppedEarly, step, (System.nanoTime() - t0) / 1e9);
    }

    /** One step: learning rates, reseeding, the step itself in a memory scope, the finiteness check, the EMAs. */
    private StepResult runStep(B batch, long step, int epoch, int batchIndex) {
        optimizers.forEach((n, o) -> {
            double lr = schedules.get(n).lr(step);
            // an infinite or NaN learning rate zeroes or poisons the weights without any loss showing it at once
            if (!Double.isFinite(lr)) throw diverged("the learning rate of optimizer '" + n + "'", lr, step, epoch, batchIndex);
            o.setLr(lr);
        });
        long stepSeed = Stochastic.mix(config.seed(), step);
        Stochastic.reseedAll(modules.values(), stepSeed);
        StepContext context = new StepContext(step, epoch, batchIndex, stepSeed, optimizers, config.gradClipNorm());
        try (MemoryScope ignored = MemoryScope.open("train-step")) {
            StepResult r;
            try {
                r = this.step.run(batch, context);
            } catch (StepContext.NonFiniteGradient g) {
                throw diverged("the gradient norm of optimizer '" + g.optimizer + "'", g.norm, step, epoch, batchIndex);
            }
            for (Map.Entry<String, StepResult.Metric> m : r.metrics().entrySet()) {
                double v = m.getValue().value();
                if (!Double.isFinite(v)) throw diverged(m.getKey(), v, step, epoch, batchIndex);
            }
            for (Ema e : emas.values()) e.update();
            return r;
        }
    }

    /** "loss became NaN at step 7 (epoch 2, batch 2; learning rate 0.01); the last checkpoint (step 6) in DIR is kept". */
    private TrainingDivergedException diverged(String what, double value, long step, int epoch, int batchIndex) {
        return new TrainingDivergedException(what + " became " + value + " at step " + step + " (epoch " + (epoch + 1) + ", batch "
                + (batchIndex + 1) + "; " + learningRates() + ")" + checkpointNote(), step);
    }

    private String learningRates() {
        if (optimizers.size() == 1) return "learning rate " + optimizers.values().iterator().next().lr();
        return "learning rates " + optimizers.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().lr()).collect(Collectors.joining(", "));
    }

    private String checkpointNote() {
        if (config.checkpointDir() == null) return "";
        return lastSavedStep < 0 ? "; no checkpoint had been written" : "; the last checkpoint (step " + lastSavedStep + ") in "
                + config.checkpointDir() + " is kept";
    }

    private boolean checkpointDue(long step) {
        if (config.checkpointDir() == null) return false;
        if (config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0) return true;
        return config.checkpointEverySeconds() > 0 && (System.nanoTime() - lastSaveNanos) / 1e9 >= config.checkpointEverySeconds();
    }

    private double monitored(EpochRecord rec, Monitor monitor) {
        if (!rec.metrics().containsKey(monitor.metric())) {
            throw new IllegalStateException("the monitored metric '" + monitor.metric() + "' is not among this run's metrics "
                    + rec.metrics().keySet());
        }
        return rec.metric(monitor.metric());
    }

    private Map<String, Double> evaluate(BatchSource<B> validation) {
        emas.values().forEach(Ema::swap);
        try {
            return evaluator.evaluate(validation);
        } finally {
            emas.values().forEach(Ema::swap);
        }
    }

    /**
     * Puts the best epoch's weights back: from the "best" checkpoint, or from the in-memory copy when there is no
     * checkpoint directory. With EMA the best epoch was chosen by the averaged weights, so those are restored.
     */
    private void restoreBest(Map<String, Map<String, INDArray>> inMemory) {
        if (config.checkpointDir() != null) {
            if (!Checkpoint.exists(config.checkpointDir(), BEST)) return;
            try {
                Checkpoint.load(config.checkpointDir(), BEST, parts, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            emas.values().forEach(Ema::swap);
        } else if (inMemory != null) {
            inMemory.forEach((n, state) -> modules.get(n).loadStateDict(state, true));
        }
    }

    /** A copy of every module's state, taken with the EMA weights live (what validation measured). */
    private Map<String, Map<String, INDArray>> snapshot() {
        emas.values().forEach(Ema::swap);
        Map<String, Map<String, INDArray>> copy = new LinkedHashMap<>();
        MemoryScope.outside(() -> {
            modules.forEach((n, m) -> {
                Map<String, INDArray> state = new LinkedHashMap<>();
                m.stateDict().forEach((k, v) -> state.put(k, v.dup()));
                copy.put(n, state);
            });
            return null;
        });
        emas.values().forEach(Ema::swap);
        return copy;
    }

    private void save(String name, Checkpoint.Position pos, List<EpochRecord> history, RunningMetrics partialEpoch) {
        requireFiniteWeights(pos.step());
        Map<String, Object> info = new LinkedHashMap<>();
        Map<String, Object> moduleInfo = new LinkedHashMap<>();
        modules.forEach((n, m) -> moduleInfo.put(n, Map.of("class", m.getClass().getSimpleName(), "parameters", m.parameterCount())));
        info.put("modules", moduleInfo);
        Map<String, Object> optimizerInfo = new LinkedHashMap<>();
        optimizers.forEach((n, o) -> optimizerInfo.put(n, o.getClass().getSimpleName()));
        info.put("optimizers", optimizerInfo);
        try {
            Checkpoint.save(config.checkpointDir(), name, parts, pos, history, partialEpoch, info);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint '" + name + "' in " + config.checkpointDir(), e);
        }
        if (LAST.equals(name)) lastSavedStep = pos.step();
        lastSaveNanos = System.nanoTime();
    }

    /**
     * A step whose metrics were finite can still leave non-finite weights (an overflowing update); such a state must
     * not replace the last good checkpoint.
     */
    private void requireFiniteWeights(long step) {
        for (Map.Entry<String, Module> m : modules.entrySet()) {
            m.getValue().namedParameters().forEach((p, t) -> {
                if (!Double.isFinite(t.value().sumNumber().doubleValue())) {
                    throw new TrainingDivergedException("parameter '" + p + "' of module '" + m.getKey() + "' is not finite after step "
                            + step + " (" + learningRates() + ")" + checkpointNote(), step);
                }
            });
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

    private void rewriteMetrics(List<EpochRecord> history) {
        if (config.metricsFile() == null) return;
        try {
            if (config.metricsFile().getParent() != null) Files.createDirectories(config.metricsFile().getParent());
            StringBuilder sb = new StringBuilder();
            for (EpochRecord r : history) sb.append(JSON.writeValueAsString(r.toJson())).append('\n');
            Files.writeString(config.metricsFile(), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite metrics in " + config.metricsFile(), e);
        }
    }

    private static String describe(Map<String, Double> metrics) {
        return metrics.entrySet().stream()
                .map(e -> e.getKey() + " " + (Double.isNaN(e.getValue()) ? "-" : String.format("%.4g", e.getValue())))
                .collect(Collectors.joining(" "));
    }

    private void log(String fmt, Object... args) {
        if (config.verbose()) System.err.println((config.name() == null ? "" : config.name() + ": ") + String.format(fmt, args));
    }

    /**
     * Registers what a {@link TrainingStep} trains: modules and optimizers by name (names appear in checkpoints and
     * metrics: no '.'), each optimizer's learning-rate schedule (a function of the global step; none keeps its
     * learning rate), the modules to average ({@link #emaOf}; with an EMA in the config and a single module, that
     * one), and the evaluator. Registered modules are put in training mode every epoch, reseeded every step and
     * checkpointed; a frozen helper of the step (a perceptual-loss network) is not registered and keeps its mode.
     */
    public static final class Builder<B> {
        private final TrainingStep<B> step;
        private final TrainerConfig config;
        private final Map<String, Module> modules = new LinkedHashMap<>();
        private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
        private final Map<String, LrSchedule> schedules = new LinkedHashMap<>();
        private final List<String> emaOf = new ArrayList<>();
        private Evaluator<B> evaluator;

        private Builder(TrainingStep<B> step, TrainerConfig config) {
            if (step == null || config == null) throw new IllegalArgumentException("a trainer needs a step and a config");
            this.step = step;
            this.config = config;
        }

        public Builder<B> module(String name, Module module) {
            if (modules.putIfAbsent(checkName(name), module) != null) throw new IllegalArgumentException("module '" + name + "' registered twice");
            return this;
        }

        public Builder<B> optimizer(String name, Optimizer optimizer) {
            return optimizer(name, optimizer, null);
        }

        public Builder<B> optimizer(String name, Optimizer optimizer, LrSchedule schedule) {
            if (optimizers.putIfAbsent(checkName(name), optimizer) != null) throw new IllegalArgumentException("optimizer '" + name + "' registered twice");
            schedules.put(name, schedule == null ? LrSchedule.constant(optimizer.lr()) : schedule);
            return this;
        }

        /** Keep an EMA of these modules' weights (needs {@link TrainerConfig#withEma}). */
        public Builder<B> emaOf(String... moduleNames) {
            emaOf.addAll(Arrays.asList(moduleNames));
            return this;
        }

        public Builder<B> evaluator(Evaluator<B> e) {
            this.evaluator = e;
            return this;
        }

        public Trainer<B> build() {
            if (modules.isEmpty()) throw new IllegalArgumentException("register the trained modules with module(name, module)");
            if (optimizers.isEmpty()) throw new IllegalArgumentException("register at least one optimizer with optimizer(name, optimizer, schedule)");
            if (config.emaDecay() > 0 && emaOf.isEmpty()) {
                if (modules.size() > 1) throw new IllegalArgumentException("the config asks for an EMA: name the averaged modules with emaOf(...) among " + modules.keySet());
                emaOf.add(modules.keySet().iterator().next());
            }
            if (!emaOf.isEmpty() && config.emaDecay() <= 0) throw new IllegalArgumentException("emaOf" + emaOf + " needs an EMA decay: TrainerConfig.withEma(decay)");
            for (String n : emaOf) {
                if (!modules.containsKey(n)) throw new IllegalArgumentException("emaOf: no module named '" + n + "' among " + modules.keySet());
            }
            if (config.restoreBest() && config.monitor() == null) throw new IllegalArgumentException("restore-best needs a monitored metric: TrainerConfig.withMonitor(...)");
            if (config.earlyStoppingPatience() > 0 && config.monitor() == null) throw new IllegalArgumentException("early stopping needs a monitored metric: TrainerConfig.withMonitor(...)");
            return new Trainer<>(this);
        }

        private static String checkName(String n) {
            if (n == null || n.isEmpty() || n.contains(".")) throw new IllegalArgumentException("name '" + n + "' must be non-empty without '.'");
            return n;
        }
    }
}
