package dev.mamori.methods.llmqa;

import dev.mamori.data.Dataset;
import dev.mamori.data.TextExample;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.methods.common.Claim;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.llmqa.experiment.LlmQaConfig;
import dev.mamori.methods.llmqa.experiment.LlmQaExperiment;
import dev.mamori.methods.llmqa.experiment.StudySentences;
import dev.mamori.methods.llmqa.experiment.Systems;
import dev.mamori.methods.llmqa.nativemodels.TrainingSplit;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                first = LlmQaExperiment.builder(cfg, chat, data).perturbers(perturbers).out(out).forbid(KEY).log(log).run();
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
                second = LlmQaExperiment.builder(cfg, chat, data).perturbers(perturbers).out(out).forbid(KEY).log(log).run();
                assertThat(server.requests()).as("every re-run task is answered by the cache").isEqualTo(sentFirst);
                assertThat(chat.answered()).isZero();
                assertThat(chat.cache().orElseThrow().hits()).isGreaterThan(0);
                assertThat(second.throughput().cacheHits()).isEqualTo(chat.cache().orElseThrow().hits());
            }
            assertThat(second.resumedTasks()).isEqualTo(keep - 1); // the config line is not a task
            assertThat(second.claims()).extracting(Claim::verdict).isEqualTo(first.claims().stream().map(Claim::verdict).toList());
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
        LlmQaExperiment.Result r = LlmQaExperiment.builder(cfg, new LexiconSystem(LlmQaFixtures.afinn()), Systems.sentences(catalog))
                .perturbers(Systems.perturbers(cfg.attacks, catalog)).out(tmp.resolve("partial")).log(new PrintStream(new ByteArrayOutputStream())).run();
        assertThat(r.claims().get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(r.claims().get(1).verdict()).isNotEqualTo(Verdict.NOT_MEASURED);
        assertThat(r.claims().get(2).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    /** A split of the real sentences as a native model would record it: every fifth sentence held out. */
    static TrainingSplit everyFifthHeldOut(Dataset<TextExample> data) {
        int[] held = java.util.stream.IntStream.range(0, data.size()).filter(i -> i % 5 == 0).toArray();
        return new TrainingSplit("lm", data.size(), TrainingSplit.fingerprint(data), held);
    }

    @Test
    void aSystemWithAKnownSplitIsStudiedOnItsHeldOutSentencesAndAnEndpointServingItOnAllWithTheHeldOutOnesApart() throws Exception {
        LlmQaConfig cfg = tiny();
        cfg.items = 0;
        cfg.attacks = List.of("typo", "synonym");
        cfg.stabilityItems = 3;
        var catalog = LlmQaFixtures.catalog();
        Dataset<TextExample> data = Systems.sentences(catalog);
        TrainingSplit split = everyFifthHeldOut(data);
        var perturbers = Systems.perturbers(cfg.attacks, catalog);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        ObjectMapper json = new ObjectMapper();

        // in process (a native system): only the held-out sentences
        Path inProcess = tmp.resolve("native");
        LlmQaExperiment.builder(cfg, new LexiconSystem(LlmQaFixtures.afinn()), data).trainingSplit(split).perturbers(perturbers).out(inProcess).log(quiet).run();
        JsonNode studied = json.readTree(inProcess.resolve("sentences.json").toFile());
        assertThat(studied.get("policy").asText()).isEqualTo("held_out");
        assertThat(studied.get("held_out")).hasSize(600);
        assertThat(studied.has("trained_on")).isFalse();
        for (JsonNode i : studied.get("held_out")) assertThat(i.asInt() % 5).isZero();
        for (JsonNode i : studied.get("greedy")) assertThat(i.asInt() % 5).isZero();
        String report = Files.readString(inProcess.resolve("report.md"));
        assertThat(report).contains("only the 600 that model 'lm' did not train on").doesNotContain("trained on (optimistic)");

        // an endpoint serving it: all 3,000, the held-out ones first (grid and greedy) and reported apart
        Path served = tmp.resolve("served");
        cfg.items = 40;
        try (ChatServer server = ChatServer.onLoopback(new LexiconSystem(LlmQaFixtures.afinn()), "lexicon", new ServerFaults());
             ChatSystem chat = client(server, served.resolve("cache"))) {
            LlmQaExperiment.builder(cfg, chat, data).trainingSplit(split).perturbers(perturbers).out(served).log(quiet).run();
        }
        studied = json.readTree(served.resolve("sentences.json").toFile());
        assertThat(studied.get("policy").asText()).isEqualTo("all");
        assertThat(studied.get("held_out")).hasSize(40); // items = 40: held-out sentences come first
        cfg.items = 0;
        StudySentences all = StudySentences.choose(cfg, data.size(), split, false);
        assertThat(all.order()).hasSize(3000);
        assertThat(all.groups(all.order()).get(StudySentences.HELD_OUT)).hasSize(600);
        assertThat(all.groups(all.order()).get(StudySentences.TRAINED_ON)).hasSize(2400);
        assertThat(all.first(600)).allMatch(i -> i % 5 == 0);
        assertThat(all.headline()).isEqualTo(StudySentences.HELD_OUT);

        // a split of other sentences is refused, and held_out without a split is a config error naming the field
        TrainingSplit foreign = new TrainingSplit("lm", data.size(), "0".repeat(64), new int[]{1, 2});
        cfg.items = 10;
        assertThatThrownBy(() -> LlmQaExperiment.builder(cfg, new LexiconSystem(LlmQaFixtures.afinn()), data).trainingSplit(foreign).perturbers(perturbers)
                .out(tmp.resolve("foreign")).log(quiet).run()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another dataset");
        cfg.sentences = "held_out";
        assertThatThrownBy(() -> StudySentences.choose(cfg, data.size(), null, true)).hasMessageContaining("config field 'sentences'");
    }

    @Test
    void configErrorsNameTheField() {
        LlmQaConfig c = LlmQaConfig.quick();
        c.histories = List.of("yesterday");
        assertThatThrownBy(c::validate).hasMessageContaining("config field 'histories'");
        LlmQaConfig d = LlmQaConfig.defaults();
        d.prompts = List.of("paper", "shouting");
        assertThatThrownBy(d::validate).hasMessageContaining("config field 'prompts'").hasMessageContaining("shouting");
        LlmQaConfig e = LlmQaConfig.defaults();
        e.sentences = "some";
        assertThatThrownBy(e::validate).hasMessageContaining("config field 'sentences'");
        assertThat(LlmQaConfig.of(dev.mamori.methods.common.ExperimentConfig.Preset.QUICK).items).isEqualTo(150);
    }
}
