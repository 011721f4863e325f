package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Attacks by name, for command lines and config files: {@code create("pgd", model, 8/255.0, Map.of("steps", "20"))}.
 * Options are strings; an option the attack does not have is an error (it names the options it has). Options every
 * attack takes: seed, early_stop, batch_size.
 */
public final class AttackRegistry {
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("fgsm", "FGSM, L-inf");
        NAMES.put("pgd", "PGD (options: norm=linf|l2, steps, alpha, restarts, random_start, schedule=constant|cosine)");
        NAMES.put("pgd_l2", "PGD with the L2 norm (options as pgd)");
        NAMES.put("mifgsm", "MI-FGSM, L-inf (options: steps, alpha, decay)");
        NAMES.put("cw", "Carlini-Wagner L2; eps is the L2 budget, 0 for unbounded (options: steps, search, c, kappa, lr)");
        NAMES.put("deepfool", "DeepFool; eps is the budget, 0 for unbounded (options: norm, steps, overshoot, candidates)");
        NAMES.put("apgd_ce", "APGD with cross-entropy (options: norm, steps, restarts)");
        NAMES.put("apgd_dlr", "APGD with the DLR loss (options: norm, steps, restarts)");
        NAMES.put("apgd_t", "APGD-T, targeted DLR over the most likely wrong classes (options: norm, steps, targets)");
        NAMES.put("square", "Square attack, L-inf, black box (options: queries, p_init, restarts)");
        NAMES.put("spsa", "SPSA, L-inf, gradient free (options: steps, samples, delta, lr)");
        NAMES.put("fab", "FAB, L-inf, minimum-norm within the budget (options: steps, targets: 0 untargeted, k for FAB-T)");
        NAMES.put("autoattack", "AutoAttack-like ensemble: APGD-CE, APGD-T, FAB-T, Square (options: norm, steps, targets, fab_steps, queries)");
    }

    /** The options each attack takes (what {@link #create} reads). */
    private static final Map<String, Set<String>> OPTIONS = Map.ofEntries(
            Map.entry("fgsm", Set.of()),
            Map.entry("pgd", Set.of("norm", "steps", "alpha", "restarts", "random_start", "schedule")),
            Map.entry("pgd_l2", Set.of("steps", "alpha", "restarts", "random_start", "schedule")),
            Map.entry("mifgsm", Set.of("steps", "alpha", "decay")),
            Map.entry("cw", Set.of("steps", "search", "c", "kappa", "lr")),
            Map.entry("deepfool", Set.of("norm", "steps", "overshoot", "candidates")),
            Map.entry("apgd_ce", Set.of("norm", "steps", "restarts")),
            Map.entry("apgd_dlr", Set.of("norm", "steps", "restarts")),
            Map.entry("apgd_t", Set.of("norm", "steps", "targets")),
            Map.entry("square", Set.of("queries", "p_init", "restarts")),
            Map.entry("spsa", Set.of("steps", "samples", "delta", "lr")),
            Map.entry("fab", Set.of("steps", "targets")),
            Map.entry("autoattack", Set.of("norm", "steps", "targets", "fab_steps", "queries")));

    private AttackRegistry() {}

    /** Whether attack {@code name} takes option {@code key} (so a shared option can be given only to those that do). */
    public static boolean accepts(String name, String key) {
        Set<String> o = OPTIONS.get(name.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
        return o != null && o.contains(key);
    }

    /** Names with a one-line description, in a sensible order. */
    public static Map<String, String> names() {
        return java.util.Collections.unmodifiableMap(NAMES);
    }

    public static Attack<?> create(String name, Classifier model, double eps) {
        return create(name, model, eps, Map.of());
    }

    public static Attack<?> create(String name, Classifier model, double eps, Map<String, String> options) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (!NAMES.containsKey(key)) throw new IllegalArgumentException("unknown attack '" + name + "'; known: " + NAMES.keySet());
        Options o = new Options(key, options);
        Attack<?> attack = switch (key) {
            case "fgsm" -> new Fgsm(model, eps);
            case "pgd", "pgd_l2" -> {
                Pgd p = new Pgd(model, key.equals("pgd_l2") ? Norm.L2 : o.norm(Norm.LINF), eps);
                if (o.has("steps")) p.steps(o.integer("steps"));
                if (o.has("alpha")) p.alpha(o.number("alpha"));
                if (o.has("restarts")) p.restarts(o.integer("restarts"));
                if (o.has("random_start")) p.randomStart(o.bool("random_start"));
                if (o.has("schedule")) {
                    String s = o.text("schedule");
                    p.schedule(switch (s) {
                        case "constant" -> StepSchedule.constant();
                        case "cosine" -> StepSchedule.cosine();
                        default -> throw new IllegalArgumentException("attack pgd: schedule must be constant or cosine, got '" + s + "'");
                    });
                }
                yield p;
            }
            case "mifgsm" -> {
                MiFgsm m = new MiFgsm(model, eps);
                if (o.has("steps")) m.steps(o.integer("steps"));
                if (o.has("alpha")) m.alpha(o.number("alpha"));
                if (o.has("decay")) m.decay(o.number("decay"));
                yield m;
            }
            case "cw" -> {
                CarliniWagnerL2 c = new CarliniWagnerL2(model);
                if (eps > 0) c.maxNorm(eps);
                if (o.has("steps")) c.steps(o.integer("steps"));
                if (o.has("search")) c.binarySearchSteps(o.integer("search"));
                if (o.has("c")) c.initialConst(o.number("c"));
                if (o.has("kappa")) c.kappa(o.number("kappa"));
                if (o.has("lr")) c.learningRate(o.number("lr"));
                yield c;
            }
            case "deepfool" -> {
                DeepFool d = new DeepFool(model, o.norm(Norm.L2));
                if (eps > 0) d.maxNorm(eps);
                if (o.has("steps")) d.steps(o.integer("steps"));
                if (o.has("overshoot")) d.overshoot(o.number("overshoot"));
                if (o.has("candidates")) d.candidates(o.integer("candidates"));
                yield d;
            }
            case "apgd_ce", "apgd_dlr" -> {
                Apgd a = key.equals("apgd_ce") ? Apgd.ce(model, o.norm(Norm.LINF), eps) : Apgd.dlr(model, o.norm(Norm.LINF), eps);
                if (o.has("steps")) a.steps(o.integer("steps"));
                if (o.has("restarts")) a.restarts(o.integer("restarts"));
                yield a;
            }
            case "apgd_t" -> {
                ApgdTargeted a = new ApgdTargeted(model, o.norm(Norm.LINF), eps);
                if (o.has("steps")) a.steps(o.integer("steps"));
                if (o.has("targets")) a.targetClasses(o.integer("targets"));
                yield a;
            }
            case "square" -> {
                Square s = new Square(model, eps);
                if (o.has("queries")) s.queries(o.integer("queries"));
                if (o.has("p_init")) s.pInit(o.number("p_init"));
                if (o.has("restarts")) s.restarts(o.integer("restarts"));
                yield s;
            }
            case "spsa" -> {
                Spsa s = new Spsa(model, eps);
                if (o.has("steps")) s.steps(o.integer("steps"));
                if (o.has("samples")) s.samples(o.integer("samples"));
                if (o.has("delta")) s.delta(o.number("delta"));
                if (o.has("lr")) s.learningRate(o.number("lr"));
                yield s;
            }
            case "fab" -> {
                Fab f = new Fab(model, eps);
                if (o.has("steps")) f.steps(o.integer("steps"));
                if (o.has("targets")) f.targetClasses(o.integer("targets"));
                yield f;
            }
            case "autoattack" -> {
                AutoAttack a = new AutoAttack(model, o.norm(Norm.LINF), eps);
                if (o.has("steps")) a.apgdSteps(o.integer("steps"));
                if (o.has("targets")) a.targetClasses(o.integer("targets"));
                if (o.has("fab_steps")) a.fabSteps(o.integer("fab_steps"));
                if (o.has("queries")) a.squareQueries(o.integer("queries"));
                yield a;
            }
            default -> throw new IllegalStateException(key);
        };
        if (o.has("seed")) attack.seed(o.integer("seed"));
        if (o.has("early_stop")) attack.earlyStop(o.bool("early_stop"));
        if (o.has("batch_size")) attack.batchSize(o.integer("batch_size"));
        o.requireAllUsed();
        return attack;
    }

    /** String options with typed access; remembers which were read so that typos are reported. */
    private static final class Options {
        private final String attack;
        private final Map<String, String> values;
        private final Set<String> used = new HashSet<>();

        Options(String attack, Map<String, String> values) {
            this.attack = attack;
            this.values = values == null ? Map.of() : values;
        }

        boolean has(String key) {
            used.add(key);
            return values.containsKey(key);
        }

        String text(String key) {
            used.add(key);
            return values.get(key).trim().toLowerCase(Locale.ROOT);
        }

        int integer(String key) {
            try {
                return Integer.parseInt(text(key));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("attack " + attack + ": option " + key + " must be an integer, got '" + values.get(key) + "'");
            }
        }

        double number(String key) {
            String v = text(key);
            try {
                int slash = v.indexOf('/');
                return slash > 0 ? Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1)) : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("attack " + attack + ": option " + key + " must be a number (or a fraction like 8/255), got '"
                        + values.get(key) + "'");
            }
        }

        boolean bool(String key) {
            String v = text(key);
            return switch (v) {
                case "true", "yes", "1", "on" -> true;
                case "false", "no", "0", "off" -> false;
                default -> throw new IllegalArgumentException("attack " + attack + ": option " + key + " must be true or false, got '" + values.get(key) + "'");
            };
        }

        Norm norm(Norm fallback) {
            return has("norm") ? Norm.parse(values.get("norm")) : fallback;
        }

        void requireAllUsed() {
            Set<String> unknown = new TreeSet<>(values.keySet());
            unknown.removeAll(used);
            if (!unknown.isEmpty()) {
                Set<String> known = new TreeSet<>(used);
                throw new IllegalArgumentException("attack " + attack + " has no option(s) " + unknown + "; its options: " + known);
            }
        }
    }
}
