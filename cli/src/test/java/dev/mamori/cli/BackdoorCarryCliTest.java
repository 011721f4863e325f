package dev.mamori.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

import static dev.mamori.cli.CliProcess.expect;
import static dev.mamori.cli.CliProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run backdoor} carried to another machine as its config.json and journal.jsonl alone, through the real CLI:
 * {@code --resume} of a directory holding only those two files trains nothing and writes a report whose every table
 * (claims included) equals the uninterrupted run's; with the last unit's journal line removed, it trains that unit only
 * and every table cell but wall-clock seconds still equals. A tiny config (numbers that mean nothing).
 */
class BackdoorCarryCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBackdoorRunCarriedAsConfigAndJournalResumesToTheSameReport(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path cfg = dir.resolve("tiny.yaml");
        Files.writeString(cfg, """
                trainSubset: 400
                evalSubset: 60
                models: {cnn: {epochs: 2, config: {width: 4}}}
                attacks: {badnets: {ratio: 0.2, patchSize: 4}}
                useAttacks: [badnets, blend]
                defenses: [ours_known, finetune]
                sampleSizes: [10]
                baselineSampleSizes: []
                fineTuneEpochs: 1
                folds: 2
                lambdas: [0.01, 1.0]
                unitFractions: [0.5, 1.0]
                """, StandardCharsets.UTF_8);
        Path reference = dir.resolve("reference");
        expect(run(dir, "reference", "run", "backdoor", "--quick", "-c", cfg.toString(), "--out", reference.toString()), 0);

        Path whole = carried(reference, dir.resolve("whole"), line -> true);
        CliProcess.Result resumed = run(dir, "whole", "run", "backdoor", "--resume", whole.toString());
        expect(resumed, 0, "fashion-mnist/cnn/badnets/seed0: done earlier", "fashion-mnist/cnn/blend/seed0: done earlier");
        assertThat(resumed.err()).doesNotContain("backdoored in");
        assertThat(whole.resolve("models")).as("nothing trained").doesNotExist();
        assertThat(tables(whole, false)).isEqualTo(tables(reference, false));

        Path partial = carried(reference, dir.resolve("partial"), line -> !line.contains("\"unit/fashion-mnist/cnn/blend/seed0\""));
        resumed = run(dir, "partial", "run", "backdoor", "--resume", partial.toString());
        expect(resumed, 0, "fashion-mnist/cnn/badnets/seed0: done earlier", "fashion-mnist/cnn/blend/seed0: backdoored in");
        assertThat(partial.resolve("models/fashion-mnist/cnn/badnets")).doesNotExist();
        assertThat(tables(partial, true)).isEqualTo(tables(reference, true));
    }

    /** A new run directory holding the reference's config.json and the journal lines {@code keep} accepts. */
    private static Path carried(Path reference, Path to, Predicate<String> keep) throws Exception {
        Files.createDirectories(to);
        Files.copy(reference.resolve("config.json"), to.resolve("config.json"));
        Files.write(to.resolve("journal.jsonl"), Files.readAllLines(reference.resolve("journal.jsonl")).stream().filter(keep).toList());
        return to;
    }

    /**
     * The report's tables from results.json (the claims with their verdicts among them); {@code untimed}: without the
     * tables about seconds, the speed claim and the columns that are seconds.
     */
    private static String tables(Path runDir, boolean untimed) throws Exception {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode t : JSON.readTree(runDir.resolve("results.json").toFile()).path("tables")) {
            String title = t.path("title").asText();
            if (untimed && title.contains("seconds")) continue;
            ArrayNode rows = out.addObject().put("title", title).putArray("rows");
            for (JsonNode r : t.path("rows")) {
                // the speed claim's evidence and verdict are wall-clock seconds
                if (untimed && r.toString().contains("faster")) continue;
                ArrayNode row = rows.addArray();
                for (int i = 0; i < r.size(); i++) {
                    if (!untimed || !t.path("columns").path(i).asText().contains("seconds")) row.add(r.get(i));
                }
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    }
}
