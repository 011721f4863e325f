package dev.mamori.methods.llmqa;

import dev.mamori.data.Dataset;
import dev.mamori.data.TextExample;
import dev.mamori.methods.llmqa.experiment.LlmQaClaim;
import dev.mamori.methods.llmqa.experiment.LlmQaConfig;
import dev.mamori.methods.llmqa.experiment.LlmQaExperiment;
import dev.mamori.methods.llmqa.experiment.Systems;
import dev.mamori.methods.llmqa.serve.ChatServer;
import dev.mamori.methods.llmqa.serve.ServerFaults;
import dev.mamori.methods.llmqa.systems.ChatEndpoint;
import dev.mamori.methods.llmqa.systems.ChatSystem;
import dev.mamori.methods.llmqa.systems.LexiconSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The study end to end on a tiny config, against the chat client and a served lexicon on loopback. */
class LlmQaExperimentTest {
    static final String KEY = "sk-mamori-experiment-secret-42";

    @TempDir
    Path tmp;

    static LlmQaConfig tiny() {
        LlmQaConfig c = LlmQaConfig.quick();
        c.items = 16;
        c.stabilityItems = 4;
        c.repeats = 2;
        c.greedyItems = 3;
        c.greedyCandidates = 2;
        c.concurrency = 3;
        return c;
    }

    ChatSystem client(ChatServer server, Path cache) {
        return new ChatSystem(ChatEndpoint.builder(server.baseUrl(), "lexicon").cacheDir(cache).concurrency(3).build(), Map.of("OPENAI_API_KEY", KEY)::get);
    }

    @Test
    void aResumedStudySendsNoRequestTwiceAndNothingHoldsTheKey() throws Exception {
        LlmQaConfig cfg = tiny();
        var catalog = LlmQaFixtures.catalog();
        Dataset<TextExample> data = Systems.sentences(catalog);
        var perturbers = Systems.perturbers(cfg.attacks, catalog);
        Path out = tmp.resolve("run");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        try (ChatServer server = ChatServer.onLoopback(new LexiconSystem(LlmQaFixtures.afinn()), "lexicon", new ServerFaults())) {
            LlmQaExperiment.Result first;
            try (ChatSystem chat = client(server, out.resolve("cache"))) {
                first = LlmQaExperiment.run(cfg, chat, Map.of(), data, perturbers, out, List.of(KEY), log);
                assertThat(chat.answered()).isEqualTo(server.requests());
            }
            long sentFirst = server.requests();
            assertThat(first.claims()).hasSize(3);
            assertThat(first.report().html()).exists();

            // a kill -9 mid-write: drop the last third of the journal and cut the line before in half
            Path journal = out.resolve("journal.jsonl");
            List<String> lines = Files.readAllLines(journal);
            int keep = lines.size() * 2 / 3;
            StringBuilder cut = new StringBuilder();
            for (int i = 0; i < keep; i++) cut.append(lines.get(i)).append('\n');
            cut.append(lines.get(keep), 0, lines.get(keep).length() / 2);
            Files.writeString(journal, cut.toString());

            LlmQaExperiment.Result second;
            try (ChatSystem chat = client(server, out.resolve("cache"))) {
                second = LlmQaExperiment.run(cfg, chat, Map.of(), data, perturbers, out, List.of(KEY), log);
                assertThat(server.requests()).as("every re-run task is answered by the cache").isEqualTo(sentFirst);
                assertThat(chat.answered()).isZero();
                assertThat(chat.cache().orElseThrow().hits()).isGreaterThan(0);
                assertThat(second.throughput().cacheHits()).isEqualTo(chat.cache().orElseThrow().hits());
            }
            assertThat(second.resumedTasks()).isEqualTo(keep - 1); // the config line is not a task
            assertThat(second.claims()).extracting(LlmQaClaim::verdict).isEqualTo(first.claims().stream().map(LlmQaClaim::verdict).toList());
            assertThat(Files.readString(out.resolve("report.md"))).contains("cache hits").contains("Fleiss' kappa").contains("synonym/greedy");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.toString().endsWith("results.json"));
        for (Path f : files) assertThat(Files.readString(f)).as(f.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(0, 16));
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).doesNotContain(KEY).contains("resuming");
    }

    @Test
    void claimsAreNotMeasuredWithoutTheirMeasurements() throws Exception {
        LlmQaConfig cfg = tiny();
        cfg.stabilityItems = 0;
        cfg.attacks = List.of("typo");
        var catalog = LlmQaFixtures.catalog();
        LlmQaExperiment.Result r = LlmQaExperiment.run(cfg, new LexiconSystem(LlmQaFixtures.afinn()), Map.of(), Systems.sentences(catalog),
                Systems.perturbers(cfg.attacks, catalog), tmp.resolve("partial"), List.of(), new PrintStream(new ByteArrayOutputStream()));
        assertThat(r.claims().get(0).verdict()).isEqualTo(LlmQaClaim.NOT_MEASURED);
        assertThat(r.claims().get(1).verdict()).isNotEqualTo(LlmQaClaim.NOT_MEASURED);
        assertThat(r.claims().get(2).verdict()).isEqualTo(LlmQaClaim.NOT_MEASURED);
    }
}
