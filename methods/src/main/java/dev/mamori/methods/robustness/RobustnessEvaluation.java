package dev.mamori.methods.robustness;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.data.Batch;
import dev.mamori.data.DataLoader;
import dev.mamori.data.Dataset;
import dev.mamori.data.LabeledImage;
import dev.mamori.eval.metrics.PerturbationNorms;
import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackResult;
import dev.mamori.methods.attacks.Norm;
import dev.mamori.methods.attacks.SanityChecks;
import dev.mamori.methods.attacks.SanityWarning;
import dev.mamori.models.Classifier;
import dev.mamori.nn.util.Progress;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Robustness of a classifier against a set of attacks and budgets, as a library call (the CLI's
 * {@code mamori attack} and {@code mamori robustness} use it):
 * <pre>{@code
 * RobustnessResult r = RobustnessEvaluation.builder()
 *         .model(model).modelName("simple_cnn")
 *         .data(testSet).limit(1000).batchSize(250)
 *         .attack(AttackSpec.of("PGD-10", eps -> Pgd.linf(model, eps).steps(10), 0.05, 0.1))
 *         .attack(AttackSpec.of("Square", eps -> new Square(model, eps).queries(1000), 0.1))
 *         .run();
 * r.writeReport(outDir);
 * }</pre>
 * For each batch: the clean predictions, then every attack at every budget (untargeted). Per attack and budget the
 * result has robust accuracy and attack success rate with Wilson intervals, mean perturbation norms of the
 * successful examples, queries and iterations per attacked example, and wall time. On the first batch the model is
 * checked like AutoAttack does (randomized outputs, zero gradients, probabilities, class count); at the end a black-box
 * attack that beats every white-box attack at the same norm and budget is flagged. Each attack's seed is set from the
 * evaluation's seed and the batch number, so the whole evaluation is reproducible.
 */
public final class RobustnessEvaluation {
    private RobustnessEvaluation() {}

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Classifier model;
        private String modelName = "model";
        private String dataName = "data";
        private Dataset<? extends LabeledImage> dataset;
        private DataLoader<LabeledImage, Batch> loader;
        private int batchSize = 256;
        private int limit = Integer.MAX_VALUE;
        private final List<AttackSpec> specs = new ArrayList<>();
        private long seed = 0;
        private boolean sanityChecks = true;
        private int gridImages = 8;
        private List<String> classNames;
        private PrintStream log = System.err;
        private boolean progressBar = true;

        private Builder() {}

        /** The classifier: images in [0, 1], logits out. */
        public Builder model(Classifier value) {
            this.model = value;
            return this;
        }

        public Builder modelName(String value) {
            this.modelName = value;
            return this;
        }

        public Builder dataName(String value) {
            this.dataName = value;
            return this;
        }

        /** The evaluation set (read in order, batched by {@link #batchSize}). */
        public Builder data(Dataset<? extends LabeledImage> value) {
            this.dataset = value;
            this.loader = null;
            return this;
        }

        /** A ready loader instead of a dataset ({@link #limit} still applies; the loader's batch size is used). */
        public Builder loader(DataLoader<LabeledImage, Batch> value) {
            this.loader = value;
            this.dataset = null;
            return this;
        }

        public Builder batchSize(int value) {
            if (value < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + value);
            this.batchSize = value;
            return this;
        }

        /** Evaluate at most this many examples (the first ones). */
        public Builder limit(int examples) {
            if (examples < 1) throw new IllegalArgumentException("limit must be >= 1, got " + examples);
            this.limit = examples;
            return this;
        }

        public Builder attack(AttackSpec spec) {
            specs.add(spec);
            return this;
        }

        public Builder attack(String name, java.util.function.DoubleFunction<Attack<?>> factory, double... epsilons) {
            return attack(AttackSpec.of(name, factory, epsilons));
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Run the model sanity checks on the first batch (default true). */
        public Builder sanityChecks(boolean on) {
            this.sanityChecks = on;
            return this;
        }

        /** Images per attack in the report's grids (default 8; 0 for none). */
        public Builder gridImages(int value) {
            if (value < 0) throw new IllegalArgumentException("grid images must be >= 0, got " + value);
            this.gridImages = value;
            return this;
        }

        /** Class names for captions (default: the dataset's). */
        public Builder classNames(List<String> value) {
            this.classNames = value;
            return this;
        }

        /** Where progress lines and warnings go (default System.err); a progress bar is drawn on a terminal. */
        public Builder log(PrintStream out, boolean bar) {
            this.log = out;
            this.progressBar = bar;
            return this;
        }

        /** No progress output and no printed warnings (they are still in the result). */
        public Builder quiet() {
            this.log = null;
            this.progressBar = false;
            return this;
        }

        public RobustnessResult run() {
            if (model == null) throw new IllegalStateException("robustness evaluation: no model");
            if (dataset == null && loader == null) throw new IllegalStateException("robustness evaluation: no data (data(...) or loader(...))");
            if (specs.isEmpty()) throw new IllegalStateException("robustness evaluation: no attacks");
            return new Run(this).execute();
        }
    }

    /** Accumulates one attack at one budget over the batches. */
    private static final class Tally {
        final AttackSpec spec;
        final double eps;
        String description;
        Norm norm;
        boolean blackBox;
        long robust, attacked, broken, examples;
        double linfSum, l2Sum, querySum, iterationSum, seconds;
        AdversarialSamples samples;

        Tally(AttackSpec spec, double eps) {
            this.spec = spec;
            this.eps = eps;
        }

        AttackEvaluation result() {
            return new AttackEvaluation(spec.name(), description, norm, eps, blackBox, Proportion.of(robust, examples),
                    Proportion.of(broken, attacked), broken == 0 ? Double.NaN : linfSum / broken, broken == 0 ? Double.NaN : l2Sum / broken,
                    attacked == 0 ? Double.NaN : querySum / attacked, attacked == 0 ? Double.NaN : iterationSum / attacked, seconds);
        }
    }

    private static final class Run {
        private final Builder b;

        Run(Builder b) {
            this.b = b;
        }

        RobustnessResult execute() {
            long t0 = System.nanoTime();
            DataLoader<LabeledImage, Batch> loader = b.loader;
            boolean ownLoader = loader == null;
            Dataset<? extends LabeledImage> data = b.dataset;
            if (ownLoader) {
                if (data.size() == 0) throw new IllegalArgumentException("robustness evaluation: the dataset '" + b.dataName + "' is empty");
                loader = DataLoader.images(data.size() > b.limit ? data.first(b.limit) : data).batchSize(b.batchSize).build();
            }
            List<String> classes = b.classNames != null ? b.classNames : loader.dataset().classes();
            long total = Math.min((long) b.limit, loader.dataset().size());
            List<Tally> tallies = new ArrayList<>();
            for (AttackSpec s : b.specs) for (double eps : s.epsilons()) tallies.add(new Tally(s, eps));
            List<SanityWarning> warnings = new ArrayList<>();
            long clean = 0, seen = 0;
            boolean wasTraining = b.model.isTraining();
            b.model.eval();
            try (Progress progress = b.log == null ? Progress.silent("robustness", total)
                    : b.progressBar ? Progress.start("robustness", total) : Progress.plain("robustness", total, b.log)) {
                int batchIndex = 0;
                for (Batch batch : loader.epoch(0)) {
                    if (seen >= b.limit) break;
                    INDArray images = batch.images();
                    int[] labels = batch.labels();
                    if (seen + labels.length > b.limit) {
                        int keep = (int) (b.limit - seen);
                        images = images.get(NDArrayIndex.interval(0, keep)).dup();
                        labels = java.util.Arrays.copyOf(labels, keep);
                    }
                    if (batchIndex == 0 && b.sanityChecks) warnings.addAll(SanityChecks.run(b.model, images, labels, null, b.log));
                    int[] cleanPred = predict(b.model, images);
                    for (int i = 0; i < labels.length; i++) if (cleanPred[i] == labels[i]) clean++;
                    for (Tally t : tallies) {
                        Attack<?> attack = t.spec.factory().apply(t.eps);
                        attack.seed(mix(b.seed, batchIndex));
                        AttackResult r = attack.run(images, labels);
                        add(t, attack, r, images, batchIndex == 0 ? b.gridImages : 0);
                        progress.set(t.spec.name(), String.format("%.1f%%", 100 * t.result().robustAccuracy().value()));
                    }
                    seen += labels.length;
                    batchIndex++;
                    progress.step(labels.length);
                    progress.set("clean", String.format("%.1f%%", 100.0 * clean / seen));
                }
            } finally {
                b.model.setTraining(wasTraining);
                if (ownLoader) loader.close();
            }
            List<AttackEvaluation> rows = new ArrayList<>();
            List<AdversarialSamples> samples = new ArrayList<>();
            for (Tally t : tallies) {
                rows.add(t.result());
                if (t.samples != null) samples.add(t.samples);
            }
            List<SanityWarning> blackBox = blackBoxChecks(rows);
            if (b.log != null) SanityChecks.print(blackBox, b.log);
            warnings.addAll(blackBox);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("model", b.modelName);
            config.put("data", b.dataName);
            config.put("examples", seen);
            config.put("batch_size", b.loader != null ? b.loader.batchSize() : b.batchSize);
            List<String> attacks = new ArrayList<>();
            for (AttackSpec s : b.specs) attacks.add(s.toString());
            config.put("attacks", attacks);
            return new RobustnessResult(b.modelName, b.dataName, b.seed, Proportion.of(clean, seen), rows, warnings, samples, classes,
                    config, (System.nanoTime() - t0) / 1e9);
        }

        private static void add(Tally t, Attack<?> attack, AttackResult r, INDArray images, int grid) {
            t.description = attack.name();
            t.norm = attack.norm();
            t.blackBox = attack.isBlackBox();
            t.seconds += r.seconds();
            PerturbationNorms norms = r.norms(images);
            for (int i = 0; i < r.size(); i++) {
                t.examples++;
                boolean rightBefore = r.cleanPredictions()[i] == r.labels()[i];
                boolean rightAfter = r.adversarialPredictions()[i] == r.labels()[i];
                if (!rightBefore) continue;
                t.attacked++;
                t.querySum += r.queries()[i];
                t.iterationSum += r.iterations()[i];
                if (rightAfter) {
                    t.robust++;
                } else {
                    t.broken++;
                    t.linfSum += norms.linf()[i];
                    t.l2Sum += norms.l2()[i];
                }
            }
            if (grid > 0) {
                int k = Math.min(grid, r.size());
                t.samples = new AdversarialSamples(t.spec.name(), t.eps, images.get(NDArrayIndex.interval(0, k)).dup(),
                        r.adversarial().get(NDArrayIndex.interval(0, k)).dup(), java.util.Arrays.copyOf(r.labels(), k),
                        java.util.Arrays.copyOf(r.cleanPredictions(), k), java.util.Arrays.copyOf(r.adversarialPredictions(), k));
            }
        }
    }

    /** Black-box attacks that leave lower robust accuracy than every white-box attack at the same norm and budget. */
    static List<SanityWarning> blackBoxChecks(List<AttackEvaluation> rows) {
        List<SanityWarning> out = new ArrayList<>();
        for (AttackEvaluation black : rows) {
            if (!black.blackBox() || black.norm() == null) continue;
            AttackEvaluation bestWhite = null;
            for (AttackEvaluation white : rows) {
                if (white.blackBox() || white.norm() != black.norm() || white.epsilon() != black.epsilon()) continue;
                if (bestWhite == null || white.robustAccuracy().value() < bestWhite.robustAccuracy().value()) bestWhite = white;
            }
            if (bestWhite == null) continue;
            Optional<SanityWarning> w = SanityChecks.blackBoxStronger(black.attack() + " at eps " + black.epsilon(), black.robustAccuracy(),
                    bestWhite.attack() + " at eps " + bestWhite.epsilon(), bestWhite.robustAccuracy());
            w.ifPresent(out::add);
        }
        return out;
    }

    static int[] predict(Classifier model, INDArray images) {
        try (MemoryScope ignored = MemoryScope.open("robustness-predict"); GradMode.Scope off = GradMode.noGrad()) {
            return model.call(Tensor.of(images)).value().argMax(1).toIntVector();
        }
    }

    static long mix(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
