package dev.mamori.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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
                // picocli reads the values in order: a bad first value is the error, else the repetition
                assertThat(r.code()).as(what).isEqualTo(2);
                assertThat(r.err()).as(what).contains(o.valid(value) ? "option '" + o.option() + "' is given twice" : o.option());
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

    private static final String[] CONFIG_VALUES = {"0", "1", "-1", "0.5", "-0.5", "1e9", "-1e9", "2147483648", "1e400", ".nan", ".inf", "-.inf",
            "NaN", "abc", "~", "[1]"};
    /** Maps of free-form model settings: their values are checked when the model is built, not when the config is read. */
    private static final List<String> FREE_FORM = List.of("modelConfig", "config", "modelOverrides", "classifierModelConfig");

    /**
     * The same for the numbers of the experiments' configs, given in a {@code -c} file: a value that is not a finite
     * number (or a fraction where an integer is expected) is a usage error naming the file and the field's path; any
     * other value is either a usage error naming the file and a field, or taken as given (the printed config shows it).
     */
    @Test
    void configNumbersOfTheExperimentsAreCheckedNamingFileAndField(@TempDir Path dir) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        List<List<String>> commands = List.of(List.of("train", "gan"), List.of("train", "diffusion"), List.of("run", "backdoor"),
                List.of("run", "encryption"), List.of("run", "accesscontrol"), List.of("run", "keydefense"));
        Random random = new Random(7);
        int rejected = 0;
        for (List<String> command : commands) {
            List<String> base = new ArrayList<>(command);
            base.add("--print-config");
            CliTest.Run printed = CliTest.run(base.toArray(String[]::new));
            assertThat(printed.code()).as(printed.err()).isZero();
            List<String[]> numbers = new ArrayList<>(); // [path, "int" or "number"]
            numericFields("", yaml.readTree(printed.out()), numbers);
            assertThat(numbers).as(command + " has numeric fields").isNotEmpty();
            for (int i = 0; i < 30; i++) {
                String[] field = numbers.get(random.nextInt(numbers.size()));
                String value = CONFIG_VALUES[random.nextInt(CONFIG_VALUES.length)];
                Path file = dir.resolve(String.join("-", command) + "-" + i + ".yaml");
                Files.writeString(file, nested(field[0], value));
                List<String> args = new ArrayList<>(command);
                args.addAll(List.of("-c", file.toString(), "--print-config"));
                CliTest.Run r = CliTest.run(args.toArray(String[]::new));
                String what = "mamori " + String.join(" ", args) + " with " + field[0] + ": " + value + "\nstderr: " + r.err();
                assertThat(r.err()).as(what).doesNotContain("Exception").doesNotContain("MAMORI_DEBUG");
                assertThat(r.code()).as(what).isIn(0, 2);
                boolean notANumber = !value.matches("-?[0-9.e]+") || value.equals("1e400");
                boolean fraction = field[1].equals("int") && (value.contains(".") || value.equals("1e9") || value.equals("-1e9"));
                if (notANumber || fraction) {
                    assertThat(r.code()).as(what).isEqualTo(2);
                    // the field's path ('lr', or 'lr[0]' for a list where a number belongs)
                    assertThat(r.err()).as(what).contains(file.toString()).containsPattern("config field '" + java.util.regex.Pattern.quote(field[0]) + "[\\['']");
                } else if (r.code() == 2) {
                    assertThat(r.err()).as(what).contains(file.toString()).contains("config field '");
                } else {
                    assertThat(at(yaml.readTree(r.out()), field[0]).asDouble()).as(what + ": taken as given").isEqualTo(Double.parseDouble(value));
                }
                if (r.code() == 2) rejected++;
            }
        }
        assertThat(rejected).as("the pool of values must hit the checks").isPositive();
    }

    /** The paths of the numeric fields of objects (list elements and free-form maps left out). */
    private static void numericFields(String path, com.fasterxml.jackson.databind.JsonNode n, List<String[]> out) {
        if (n.isObject()) {
            n.fieldNames().forEachRemaining(name -> {
                if (!FREE_FORM.contains(name)) numericFields(path.isEmpty() ? name : path + "." + name, n.get(name), out);
            });
        } else if (n.isNumber()) {
            out.add(new String[]{path, n.isIntegralNumber() ? "int" : "number"});
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode at(com.fasterxml.jackson.databind.JsonNode n, String path) {
        for (String p : path.split("\\.")) n = n.path(p);
        return n;
    }

    /** A YAML document setting only {@code path} (dots between nested names) to the raw scalar {@code value}. */
    private static String nested(String path, String value) {
        String[] parts = path.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append("  ".repeat(i)).append('"').append(parts[i]).append("\":").append(i == parts.length - 1 ? " " + value : "").append('\n');
        }
        return sb.toString();
    }
}
