package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AutoAttack-like ensemble (Croce and Hein 2020). The "standard" version ({@link #standard}): APGD-CE, then APGD-T
 * (targeted DLR over the 9 most likely wrong classes), then FAB-T (L-inf), then Square (5000 queries, its window
 * schedule not rescaled to them, as in the reference), each run only on the examples that all previous attacks failed
 * on, so every example gets the worst case over the ensemble. The "rand"
 * version ({@link #rand}), for randomized defenses as in the reference: APGD-CE and APGD-DLR with every gradient
 * averaged by EOT ({@value #RAND_EOT_SAMPLES} draws, or exactly over all realizations of a {@link RandomizedModel}).
 * The per-attack breakdown of the last run is kept, and, like AutoAttack, a warning is printed when the black-box
 * Square finds adversarial examples that the white-box attacks missed (a sign of gradient masking), and when the
 * standard version is run on a model whose outputs are randomized (use the rand version).
 *
 * <p>Untargeted only: a targeted run is refused, as in AutoAttack. Under L2 the standard ensemble is APGD-CE and APGD-T
 * (FAB and Square are implemented for L-inf only). Under EOT ({@link #eot}) every member averages its gradients.
 */
public final class AutoAttack extends Attack<AutoAttack> {
    /** EOT draws per gradient of the rand version (AutoAttack's eot_iter). */
    public static final int RAND_EOT_SAMPLES = 20;

    /** The reference's two versions. */
    public enum Version { STANDARD, RAND }

    private final Norm norm;
    private final double eps;
    private Version version = Version.STANDARD;
    private int apgdSteps = 100;
    private int targetClasses = 9;
    private int fabSteps = 100;
    private int squareQueries = 5000;
    private final List<Attack<?>> extra = new ArrayList<>();
    private PrintStream warnings = System.err;
    private Map<String, Long> lastBreakdown = Map.of();
    private Map<String, Double> lastSeconds = Map.of();
    private List<SanityWarning> lastWarnings = List.of();

    public AutoAttack(Classifier model, Norm norm, double eps) {
        super(model);
        if (norm == null) throw new IllegalArgumentException("AutoAttack needs a norm");
        if (!(eps >= 0) || Double.isInfinite(eps)) throw new IllegalArgumentException("AutoAttack eps must be finite and >= 0, got " + eps);
        this.norm = norm;
        this.eps = eps;
    }

    /** The standard ensemble at full strength. */
    public static AutoAttack standard(Classifier model, Norm norm, double eps) {
        return new AutoAttack(model, norm, eps);
    }

    /**
     * The rand version for randomized defenses: APGD-CE and APGD-DLR (100 iterations each) with EOT, over all
     * realizations of a {@link RandomizedModel} or over {@value #RAND_EOT_SAMPLES} draws otherwise. Success is judged
     * over every realization or repeated draws ({@link Attack#draws}), never on one draw.
     */
    public static AutoAttack rand(Classifier model, Norm norm, double eps) {
        AutoAttack a = new AutoAttack(model, norm, eps);
        a.version = Version.RAND;
        boolean realizations = model instanceof RandomizedModel r && r.isRandomized();
        return a.eot(realizations ? Eot.allRealizations() : Eot.repeat(RAND_EOT_SAMPLES));
    }

    public Version version() {
        return version;
    }

    /** Iterations of each APGD run (default 100). */
    public AutoAttack apgdSteps(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD iterations must be >= 1, got " + value);
        this.apgdSteps = value;
        return this;
    }

    /** Target classes of APGD-T (default 9). */
    public AutoAttack targetClasses(int value) {
        if (value < 1) throw new IllegalArgumentException("APGD-T needs at least one target class, got " + value);
        this.targetClasses = value;
        return this;
    }

    /** Iterations of FAB-T per target class (default 100; 0 leaves FAB-T out). */
    public AutoAttack fabSteps(int value) {
        if (value < 0) throw new IllegalArgumentException("FAB steps must be >= 0, got " + value);
        this.fabSteps = value;
        return this;
    }

    /** Queries of Square (default 5000; 0 leaves Square out, which also disables the black-box check). */
    public AutoAttack squareQueries(int value) {
        if (value < 0) throw new IllegalArgumentException("Square queries must be >= 0, got " + value);
        this.squareQueries = value;
        return this;
    }

    /** Appends another attack (same model) to the ensemble, run after the standard ones. */
    public AutoAttack add(Attack<?> attack) {
        if (attack.model() != model) throw new IllegalArgumentException("an ensemble member must attack the same model: " + attack.name());
        extra.add(attack);
        return this;
    }

    /** Where the black-box warning goes (default System.err; null for silence). */
    public AutoAttack warningsTo(PrintStream out) {
        this.warnings = out;
        return this;
    }

    /** Examples each member broke in the last run, over all its batches (each counted for the first member that broke it). */
    public Map<String, Long> lastBreakdown() {
        return lastBreakdown;
    }

    /** Seconds each member took in the last run (its attack and its check of what it broke; summed over batches). */
    public Map<String, Double> lastSeconds() {
        return lastSeconds;
    }

    /** Warnings of the last run. */
    public List<SanityWarning> lastWarnings() {
        return lastWarnings;
    }

    /** The members, in the order they run. */
    public List<Attack<?>> members() {
        List<Attack<?>> out = new ArrayList<>();
        out.add(Apgd.ce(model, norm, eps).steps(apgdSteps));
        if (version == Version.RAND) {
            if (model.numClasses() >= 3) out.add(Apgd.dlr(model, norm, eps).steps(apgdSteps));
            out.addAll(extra);
            return out;
        }
        if (model.numClasses() >= 4) out.add(new ApgdTargeted(model, norm, eps).steps(apgdSteps).targetClasses(targetClasses));
        if (fabSteps > 0 && norm == Norm.LINF && eps > 0) out.add(Fab.targetedLinf(model, eps).steps(fabSteps).targetClasses(targetClasses));
        if (squareQueries > 0 && norm == Norm.LINF) out.add(new Square(model, eps).queries(squareQueries).rescaleSchedule(false)); // as the reference: resc_schedule=False
        out.addAll(extra);
        return out;
    }

    private static <V> Map<String, V> sum(Map<String, V> earlier, Map<String, V> batch, java.util.function.BinaryOperator<V> add) {
        Map<String, V> out = new LinkedHashMap<>(earlier);
        batch.forEach((k, v) -> out.merge(k, v, add));
        return Map.copyOf(out);
    }

    @Override
    public String name() {
        if (version == Version.RAND) {
            return "AutoAttack-rand-" + norm.label() + "(eps=" + Format.number(eps) + ", apgd_steps=" + apgdSteps + ", "
                    + (eot() == null ? "no EOT" : eot().describe()) + ")";
        }
        return "AutoAttack-" + norm.label() + "(eps=" + Format.number(eps) + ", apgd_steps=" + apgdSteps + ", targets=" + targetClasses
                + (norm == Norm.LINF ? ", fab_steps=" + fabSteps + ", square_queries=" + squareQueries : "") + ")";
    }

    @Override
    public Norm norm() {
        return norm;
    }

    @Override
    public double epsilon() {
        return eps;
    }

    @Override
    protected void perturb(AttackState state) {
        if (state.targeted()) throw new IllegalArgumentException("AutoAttack's standard ensemble is untargeted; run APGD-T or APGD targeted instead");
        Map<String, Long> breakdown = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<SanityWarning> found = new ArrayList<>();
        if (version == Version.STANDARD && state.randomized()) {
            found.add(new SanityWarning(SanityWarning.Kind.RANDOMIZED_OUTPUT, "the model's outputs are randomized (judged over "
                    + state.judgeEvaluations() + " evaluations): the standard version does not average gradients; use AutoAttack.rand"));
        }
        for (Attack<?> member : members()) {
            int[] before = state.activeRows();
            if (before.length == 0) {
                breakdown.put(member.name(), 0L);
                seconds.put(member.name(), 0.0);
                continue;
            }
            long t0 = System.nanoTime();
            member.perturb(state);
            // every member leaves with the examples it broke finished, whatever its own early-stop setting
            int[] rows = state.activeRows();
            long broken = before.length - rows.length;
            if (rows.length > 0) {
                float[] images = state.adversarialRows(rows);
                boolean[] reached = state.goalReached(rows, images, state.logits(rows, images));
                for (int q = 0; q < rows.length; q++) {
                    if (reached[q]) {
                        state.finish(rows[q]);
                        broken++;
                    }
                }
            }
            breakdown.put(member.name(), broken);
            seconds.put(member.name(), (System.nanoTime() - t0) / 1e9);
            // AutoAttack's check_square_sr tolerates 0.2% of the examples
            if (member.isBlackBox() && broken > 0.002 * state.size()) {
                found.add(new SanityWarning(SanityWarning.Kind.BLACK_BOX_STRONGER, member.name() + " broke " + broken + " of "
                        + state.size() + " examples that the white-box attacks before it could not: the gradients may be masked;"
                        + " run Square with more queries and an adaptive attack (EOT, BPDA)"));
            }
        }
        synchronized (this) {
            // perturb runs once per batch: the first batch of a run starts the totals, later ones add to them
            boolean first = state.firstIndex() == 0;
            lastBreakdown = sum(first ? Map.of() : lastBreakdown, breakdown, Long::sum);
            lastSeconds = sum(first ? Map.of() : lastSeconds, seconds, Double::sum);
            lastWarnings = List.copyOf(found);
        }
        if (warnings != null) SanityChecks.print(found, warnings);
    }
}
