package dev.mamori.methods.backdoor.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.methods.backdoor.BackdoorTestData;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.run.RunDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backdoor run carried to another machine as its config.json and journal.jsonl alone (no models/ directory): resumed,
 * it reads every finished unit back from the journal (nothing trained, no model file written) and its report measures
 * what the uninterrupted run measured, every number; with the journal's last unit removed (a run killed after its first
 * unit) only that unit is computed again (its clean-model floor model retrained, seeded, as its checkpoints did not come
 * along) and the measurements still equal, wall-clock seconds aside. A tiny config on real Fashion-MNIST: two attacks
 * sharing one clean-model floor model, ours in both settings (edited and repaired cells, details with class lists), a
 * baseline that diverges (its notes carried) and one that does not.
 */
class BackdoorCarryTest {
    /** The journal and result keys, table columns and details that are wall-clock times, not measurements. */
    private static final Pattern TIMING = Pattern.compile("(?i)second|\\bs\\b|/s|minute|time");
    private static final ObjectMapper SORTED = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    private static final List<String> UNITS = List.of("fashion-mnist/cnn/badnets/seed0", "fashion-mnist/cnn/blend/seed0");

    @TempDir
    static Path tmp;
    private static Path reference;
    private static BackdoorExperiment.Result uninterrupted;

    static BackdoorConfig tiny() {
        BackdoorConfig c = BackdoorConfig.quick();
        c.trainSubset = 1200;
        c.evalSubset = 100;
        c.models.get("cnn").config.put("width", 8);
        c.models.get("cnn").epochs = 3;
        c.attacks.get("badnets").ratio = 0.2;
        c.attacks.get("badnets").patchSize = 4;
        c.useAttacks = List.of("badnets", "blend");
        // fine-tuning at an absurd rate diverges: its notes must be carried as well
        c.defenses = List.of("ours_known", "ours_unknown", "finetune", "ibau");
        c.fineTuneLr = 1e12;
        c.sampleSizes = List.of(10);
        c.baselineSampleSizes = List.of();
        c.folds = 2;
        c.lambdas = List.of(0.01, 1.0);
        c.unitFractions = List.of(0.5, 1.0);
        c.ibauRounds = 1;
        c.neuralCleanseSteps = 5;
        return c;
    }

    @BeforeAll
    static void runUninterrupted() throws IOException {
        BackdoorTestData.fashion();  // skips without the dataset (fails with MAMORI_REQUIRE_REAL_DATA=1)
        reference = tmp.resolve("reference");
        StringBuilder log = new StringBuilder();
        uninterrupted = run(reference, log);
        System.out.println(log.toString().lines().filter(l -> l.contains("backdoored in") || l.contains("n=")).collect(java.util.stream.Collectors.joining("\n")));
        if (System.getenv("MAMORI_KEEP_JOURNAL") != null) Files.copy(reference.resolve(RunDirectory.JOURNAL), Path.of(System.getenv("MAMORI_KEEP_JOURNAL")),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("journal: %d bytes for %d units, %d cells%n", Files.size(reference.resolve(RunDirectory.JOURNAL)), uninterrupted.models().size(),
                uninterrupted.cells().size());
    }

    private static BackdoorExperiment.Result run(Path dir, StringBuilder log) throws IOException {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        BackdoorExperiment.Result r = BackdoorExperiment.run(tiny(), dir, new PrintStream(captured, true, StandardCharsets.UTF_8));
        log.append(captured.toString(StandardCharsets.UTF_8));
        return r;
    }

    /** A fresh directory holding only the reference run's config.json and the journal lines that {@code keep} accepts. */
    private static Path carried(String name, java.util.function.Predicate<String> keep) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(reference.resolve(RunDirectory.CONFIG), dir.resolve(RunDirectory.CONFIG));
        List<String> lines = Files.readAllLines(reference.resolve(RunDirectory.JOURNAL), StandardCharsets.UTF_8).stream().filter(keep).toList();
        Files.write(dir.resolve(RunDirectory.JOURNAL), lines, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void aRunCarriedAsItsConfigAndJournalResumesWithoutComputingAnythingToTheSameReport() throws IOException {
        assertThat(uninterrupted.models()).hasSize(2);
        assertThat(uninterrupted.cells()).isNotEmpty();
        assertThat(Files.readString(uninterrupted.report().markdown())).as("the diverging baseline is noted").contains("training diverged");
        Path dir = carried("carried", line -> true);
        StringBuilder log = new StringBuilder();
        BackdoorExperiment.Result resumed = run(dir, log);

        assertThat(dir.resolve("models")).as("nothing trained, no checkpoint written").doesNotExist();
        assertThat(log.toString()).doesNotContain("backdoored in").contains(UNITS.get(0) + ": done earlier").contains(UNITS.get(1) + ": done earlier")
                .contains("2 unit(s) read back from the journal");
        // every measurement, the seconds included (a carried unit's seconds are the ones it took when it ran)
        assertThat(json(resumed.models())).isEqualTo(json(uninterrupted.models()));
        assertThat(json(resumed.cells())).isEqualTo(json(uninterrupted.cells()));
        assertThat(resumed.claims()).isEqualTo(uninterrupted.claims());
        assertThat(measured(dir, false)).isEqualTo(measured(reference, false));
        assertThat(notes(dir)).contains("training diverged").isEqualTo(notes(reference));
        for (String phase : List.of("backdoor training", "clean-model floor", "defenses")) {
            assertThat(resumed.timings().get(phase)).as(phase).isCloseTo(uninterrupted.timings().get(phase), Duration.ofMillis(1));
        }
        // the journal stays small: a unit is a few kilobytes, no weights
        assertThat(Files.size(dir.resolve(RunDirectory.JOURNAL))).isLessThan(64 * 1024);
    }

    @Test
    void aRunCarriedWithItsLastUnitUnfinishedComputesOnlyThatUnitToTheSameMeasurements() throws IOException {
        Path dir = carried("partial", line -> !line.contains(JournaledUnit.stage(UNITS.get(1))));
        StringBuilder log = new StringBuilder();
        BackdoorExperiment.Result resumed = run(dir, log);

        assertThat(log.toString()).contains(UNITS.get(0) + ": done earlier").contains(UNITS.get(1) + ": backdoored in")
                .contains("1 unit(s) read back from the journal");
        assertThat(dir.resolve("models/" + UNITS.get(0))).as("the finished unit is not trained again").doesNotExist();
        assertThat(dir.resolve("models/" + UNITS.get(1))).isDirectory();
        assertThat(dir.resolve("models/fashion-mnist/cnn/clean/seed0")).as("the shared clean-model floor model, trained again").isDirectory();
        assertThat(json(untimed(resumed.models()))).isEqualTo(json(untimed(uninterrupted.models())));
        assertThat(json(untimed(resumed.cells()))).isEqualTo(json(untimed(uninterrupted.cells())));
        // the speed claim compares wall-clock seconds; every other claim says the same
        assertThat(withoutSpeed(resumed.claims())).isEqualTo(withoutSpeed(uninterrupted.claims()));
        assertThat(measured(dir, true)).isEqualTo(measured(reference, true));
        assertThat(notes(dir)).isEqualTo(notes(reference));
        try (RunDirectory run = RunDirectory.open(dir, tiny(), RunDirectory.Mode.RESUME)) {
            assertThat(run.done(JournaledUnit.stage(UNITS.get(1)))).as("the recomputed unit is journaled").isTrue();
        }
    }

    /** Non-finite numbers, longs, class lists and strings in a defense's details read back as the report reads them. */
    @Test
    @SuppressWarnings("unchecked")
    void detailsReadBackAsTheyWereWritten(@TempDir Path dir) throws IOException {
        Scores s = uninterrupted.models().get(0).scores();
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("seconds_fit", Double.NaN);
        details.put("edit_seconds", 0.25);
        details.put("anomaly_index_of_target", Double.POSITIVE_INFINITY);
        details.put("steps", 7L);
        details.put("collapsed_classes", List.of(0, 3));
        details.put("mask_l1_per_class", List.of(1.5, Double.NaN));
        details.put("layer", "fc1");
        details.put("flagged", true);
        ModelRun model = uninterrupted.models().get(0);
        DefenseCell cell = new DefenseCell(model.dataset(), model.model(), model.attack(), model.seed(), "ours_known", 10, "edited", s, s, 1.5, details);
        try (RunDirectory run = RunDirectory.open(dir, tiny(), RunDirectory.Mode.NEW)) {
            JournaledUnit.of(model, List.of(cell), List.of("a note"), Map.of("defenses", 2.0)).record(run, "x");
        }
        JournaledUnit back;
        try (RunDirectory run = RunDirectory.open(dir, tiny(), RunDirectory.Mode.RESUME)) {
            back = JournaledUnit.read(run, "x");
        }
        Map<String, Object> d = back.defenseCells().get(0).details();
        assertThat(d.get("seconds_fit")).isInstanceOf(Double.class).matches(v -> ((Double) v).isNaN());
        assertThat(d.get("anomaly_index_of_target")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(d.get("edit_seconds")).isEqualTo(0.25);
        assertThat(((Number) d.get("steps")).longValue()).isEqualTo(7L);
        assertThat((List<Object>) d.get("collapsed_classes")).contains(3).doesNotContain(1);
        assertThat((List<Object>) d.get("mask_l1_per_class")).containsExactly(1.5, Double.NaN);
        assertThat(d).containsEntry("layer", "fc1").containsEntry("flagged", true);
        assertThat(back.diverged()).containsExactly("a note");
        assertThat(back.seconds()).containsEntry("defenses", 2.0);
        assertThat(json(back.defenseCells())).isEqualTo(json(List.of(cell)));
        assertThat(json(back.model())).isEqualTo(json(model));
    }

    private static String json(Object o) throws IOException {
        return SORTED.writeValueAsString(o);
    }

    /** The value as JSON without the fields (at any depth) that are wall-clock seconds. */
    private static JsonNode untimed(Object o) {
        JsonNode n = SORTED.valueToTree(o);
        strip(n);
        return n;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) if (TIMING.matcher(it.next()).find()) it.remove();
            o.forEach(BackdoorCarryTest::strip);
        } else if (n instanceof ArrayNode a) {
            a.forEach(BackdoorCarryTest::strip);
        }
    }

    private static List<Claim> withoutSpeed(List<Claim> claims) {
        return claims.stream().filter(c -> !TIMING.matcher(c.statement()).find() && !c.statement().contains("faster")).toList();
    }

    /**
     * results.json's metrics and tables; when {@code untimed}, without the columns that are wall-clock times and the
     * tables about seconds (the speed ratios among them).
     */
    private static String measured(Path runDir, boolean untimed) throws IOException {
        JsonNode root = SORTED.readTree(runDir.resolve("results.json").toFile());
        ObjectNode kept = SORTED.createObjectNode();
        kept.set("metrics", root.path("metrics"));
        ArrayNode tables = kept.putArray("tables");
        for (JsonNode t : root.path("tables")) {
            if (untimed && t.path("title").asText().contains("seconds")) continue;
            ObjectNode table = tables.addObject();
            table.put("title", t.path("title").asText());
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < t.path("columns").size(); i++) {
                if (!untimed || !TIMING.matcher(t.path("columns").get(i).asText()).find()) keep.add(i);
            }
            ArrayNode rows = table.putArray("rows");
            for (JsonNode r : t.path("rows")) {
                ArrayNode row = rows.addArray();
                for (int i : keep) row.add(r.get(i));
            }
        }
        if (untimed) strip(kept.path("metrics"));
        return SORTED.writerWithDefaultPrettyPrinter().writeValueAsString(kept);
    }

    /** The report's notes section (the diverged runs among them). */
    private static String notes(Path runDir) throws IOException {
        String md = Files.readString(runDir.resolve("report.md"));
        String notes = md.substring(md.indexOf("## Notes"));
        int next = notes.indexOf("\n## ", 1);
        return next < 0 ? notes : notes.substring(0, next);
    }
}
