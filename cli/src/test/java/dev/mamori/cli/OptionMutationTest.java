package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation of the numeric options of the newer commands ({@code generate}, {@code generate gan},
 * {@code run llmqa}): each case gives one option a value drawn from a pool of edge values (non-finite, out of range,
 * overflowing, fractional for an integer, not a number, empty), sometimes twice. The oracle: never a crash (exit code
 * 1 or an exception), never a silent acceptance: a value outside the option's documented range is a usage error
 * (exit 2) naming the option, an option given twice is one naming the option, and a valid value gets past the option
 * checks (the command then stops at its missing model, exit 2 naming --model, or prints its config). Runs in-process
 * (no model is loaded), a few hundred cases in a second or two.
 */
class OptionMutationTest {
    private static final String[] VALUES = {"0", "1", "-1", "2", "3", "0.5", "1.5", "4", "16", "50", "64", "65", "100", "101", "256", "257",
            "1000", "1001", "2147483647", "2147483648", "-2147483649", "1e3", "1e400", "-1e400", "1e-300", "NaN", "nan", "Infinity",
            "-Infinity", "0x10", "abc", "", " ", "1,2", "0.7,NaN", "1,0.7", "3,1"};

    /** An option with its documented range; {@code list}: comma-separated values, each in the range. */
    private record Spec(String option, boolean integer, double min, double max, boolean list) {
        boolean valid(String value) {
            String[] parts = list ? value.split(",", -1) : new String[]{value};
            for (String p : parts) {
                double v;
                try {
                    v = integer ? (p.equals(p.trim()) ? Long.parseLong(p) : Double.NaN) : Double.parseDouble(p);
                } catch (NumberFormatException e) {
                    return false;
                }
                if (!Double.isFinite(v) || v < min || v > max || (!integer && !p.equals(p.trim()))) return false;
                if (!integer && p.matches(".*[xXpP].*")) return false; // Java reads hex floats; picocli does not
            }
            return true;
        }
    }

    /** A command: its fixed arguments, its numeric options, and what it says once the options are accepted. */
    private record Command(List<String> args, List<Spec> options, String afterAccepted) {}

    @Test
    void numericOptionsAreCheckedInOnePlaceAndNameTheOption(@TempDir Path dir) {
        String model = dir.resolve("missing").toString();
        List<Command> commands = List.of(
                new Command(List.of("generate", "--model", model, "--prompt", "flags: flag: japan"), List.of(
                        new Spec("--steps", true, 1, 1000, false), new Spec("--guidance", false, 1, 100, false),
                        new Spec("--num-images", true, 1, 64, false), new Spec("--eta", false, 0, 1, false),
                        new Spec("--seed", true, Long.MIN_VALUE, Long.MAX_VALUE, false)), "not a pipeline folder"),
                new Command(List.of("generate", "gan", "--model", model), List.of(
                        new Spec("--num-images", true, 1, GenerateGanCommand.MAX_IMAGES, false),
                        new Spec("--psi", false, 0, GenerateGanCommand.MAX_PSI, true),
                        new Spec("--seed", true, Long.MIN_VALUE, Long.MAX_VALUE, false)), "--model: " + model),
                new Command(List.of("run", "llmqa", "--system", "lexicon", "--print-config"), List.of(
                        new Spec("--concurrency", true, 1, 256, false)), "concurrency:"));
        Random random = new Random(20261207);
        int cases = 0, rejected = 0;
        for (int i = 0; i < 300; i++) {
            Command c = commands.get(random.nextInt(commands.size()));
            Spec o = c.options().get(random.nextInt(c.options().size()));
            String value = VALUES[random.nextInt(VALUES.length)];
            boolean twice = random.nextInt(8) == 0;
            List<String> args = new ArrayList<>(c.args());
            args.addAll(List.of(o.option(), value));
            if (twice) args.addAll(List.of(o.option(), "2"));
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            String what = "mamori " + String.join(" ", args) + "\nstderr: " + r.err();
            cases++;
            assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("MAMORI_DEBUG");
            if (o.option().equals("--concurrency") && o.valid(value) && !twice) {
                assertThat(r.code()).as(what).isZero();
                assertThat(r.out()).as(what).contains("concurrency: " + Integer.parseInt(value));
            } else if (twice && !o.list()) {
                assertThat(r.code()).as(what).isEqualTo(2);
                assertThat(r.err()).as(what).contains("option '" + o.option() + "' is given twice");
                rejected++;
            } else if (o.valid(value)) {
                assertThat(r.code()).as(what).isEqualTo(2);
                assertThat(r.err()).as(what + ": a valid value must reach the command").contains(c.afterAccepted());
            } else {
                assertThat(r.code()).as(what).isEqualTo(2);
                assertThat(r.err()).as(what + ": the error must name the option").contains(o.option());
                rejected++;
            }
        }
        assertThat(rejected).as("the pool of values must hit the checks").isGreaterThan(cases / 4);
    }
}
