package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.common.Verdict;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.SecretKeyFile;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.keydefense.adaptive.AttackOutcome;
import dev.mamori.methods.testing.KeyLeaks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole experiment in a tiny configuration on about 1,000 real Fashion-MNIST images (tiny ViT and ConvMixer, one
 * epoch, shuffle and FFX keys, every method and attack): it writes the report with its tables, keeps keys in owner-only
 * files, and no key material reaches the log, the console or any other file. Skipped when the dataset is absent, unless
 * MAMORI_REQUIRE_REAL_DATA=1.
 */
class KeyDefenseExperimentTest {
    private static Path dir;
    private static KeyDefenseExperiment.Result result;
    private static String console;

    static KeyDefenseConfig tiny() {
        KeyDefenseConfig c = KeyDefenseConfig.defaults();
        c.trainSubset = 1000;
        c.fineTuneSubset = 300;
        c.testSubset = 100;
        c.attackExamples = 30;
        c.adaptiveExamples = 10;
        c.queryExamples = 30;
        c.backbones.get("vit").config.putAll(Map.of("embedDim", 16, "depth", 1, "heads", 2));
        c.backbones.get("convmixer").config.putAll(Map.of("dim", 16, "depth", 1));
        c.backbones.values().forEach(b -> b.epochs = 1);
        c.keyKinds = new ArrayList<>(List.of("shuffle", "ffx"));
        c.keyCounts = new ArrayList<>(List.of(1, 2));
        c.pgdSteps = 3;
        c.apgdSteps = 3;
        c.cwSteps = 3;
        c.squareQueries = 10;
        c.eotSamples = 2;
        c.eotPool = 2;
        c.randomKeys = 3;
        c.hillClimbSwaps = 5;
        return c;
    }

    @BeforeAll
    static void runOnce(@TempDir Path tmp) throws IOException {
        DataCatalog catalog = DataCatalog.fromEnvironment();
        boolean present = catalog.locate("fashion-mnist").isPresent();
        if (!present && "1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            throw new IllegalStateException("MAMORI_REQUIRE_REAL_DATA=1 but fashion-mnist is not in " + catalog.roots());
        }
        assumeTrue(present, "fashion-mnist is not installed (apt-get install dataset-fashion-mnist, or see `mamori data`)");
        dir = tmp.resolve("run");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        PrintStream out = System.out, err = System.err;
        System.setOut(capture);
        System.setErr(capture);
        try {
            result = KeyDefenseExperiment.run(tiny(), dir, capture);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        console = captured.toString(StandardCharsets.UTF_8);
        out.println(console.lines().filter(l -> l.contains("clean") || l.contains("done")).collect(Collectors.joining("\n")));
    }

    private static Set<String> ids() {
        return result.models().stream().map(m -> m.model().id()).collect(Collectors.toSet());
    }

    private static List<SecretKey> allKeys() {
        return result.models().stream().flatMap(m -> m.model().keys().stream()).toList();
    }

    @Test
    void buildsEveryModelOfTheConfiguration() {
        for (String b : List.of("vit", "convmixer")) {
            assertThat(ids()).contains(b + "/plain");
            for (String kind : List.of("shuffle", "ffx")) {
                for (String m : List.of("scratch", "embedding_and_head", "lora", "full", "multi_key_N1", "multi_key_N2")) {
                    assertThat(ids()).contains(b + "/" + kind + "/" + m);
                }
            }
            assertThat(ids()).contains(b + "/shuffle/absorbed").doesNotContain(b + "/ffx/absorbed");
        }
        assertThat(result.models()).hasSize(2 * (1 + 6 + 7));
        ModelResult n2 = result.model("vit/ffx/multi_key_N2");
        assertThat(n2.model().keys()).hasSize(2);
        assertThat(n2.model().trainableParameters()).isEqualTo(2 * result.model("vit/ffx/multi_key_N1").model().trainableParameters());
        assertThat(result.model("vit/shuffle/absorbed").model().trainableParameters()).isZero();
        assertThat(result.model("vit/shuffle/lora").model().trainableParameters())
                .isGreaterThan(result.model("vit/shuffle/embedding_and_head").model().trainableParameters())
                .isLessThan(result.model("vit/shuffle/full").model().trainableParameters());
    }

    @Test
    void anAbsorbedKeyIsThePlainModelAndTransferFromTheBackboneShowsIt() {
        for (String b : List.of("vit", "convmixer")) {
            ModelResult plain = result.model(b + "/plain"), absorbed = result.model(b + "/shuffle/absorbed");
            assertThat(absorbed.model().cleanAccuracy()).isEqualTo(plain.model().cleanAccuracy());
            for (double eps : result.config().budgets) {
                AttackOutcome transfer = absorbed.outcome("transfer_plain", eps).orElseThrow();
                AttackOutcome white = plain.outcome("white_box", eps).orElseThrow();
                assertThat(transfer.robustAccuracy()).isEqualTo(white.robustAccuracy());
            }
        }
    }

    @Test
    void runsEveryAttackWhereItApplies() {
        double eps = result.config().budgets.get(0);
        ModelResult scratch = result.model("vit/ffx/scratch");
        for (String a : List.of("white_box", "pgd_wrong_key", "transfer_plain", "apgd_wrong_key", "square", "key_search", "eot_random_keys",
                "ffx_true_gradient")) {
            assertThat(scratch.outcome(a, eps)).as(a).isPresent();
        }
        assertThat(scratch.outcome("cw_wrong_key", 1.0)).isPresent();
        assertThat(scratch.outcome("eot_own_keys", eps)).isEmpty();
        assertThat(scratch.keySearch()).isNotNull();
        assertThat(scratch.positionsRecovered()).isBetween(0.0, 1.0);
        ModelResult randomized = result.model("convmixer/shuffle/multi_key_N2");
        assertThat(randomized.outcome("eot_own_keys", eps)).isPresent();
        assertThat(randomized.keySearch()).isNull();
        assertThat(result.model("vit/shuffle/full").outcome("ffx_true_gradient", eps)).isEmpty();
        assertThat(scratch.outcome("pgd_wrong_key", eps).get().robustAccuracy().trials()).isEqualTo(30);
        assertThat(scratch.outcome("apgd_wrong_key", eps).get().robustAccuracy().trials()).isEqualTo(10);
        assertThat(result.claims()).hasSize(9);
        assertThat(result.claims()).allSatisfy(c -> assertThat(c.verdict()).isIn(Verdict.HOLDS, Verdict.PARTLY, Verdict.DOES_NOT_HOLD, Verdict.NOT_MEASURED));
    }

    @Test
    void writesTheReportWithItsTables() throws IOException {
        assertThat(result.report().html()).exists();
        assertThat(result.report().markdown()).exists();
        JsonNode json = new ObjectMapper().readTree(result.report().resultsJson().toFile());
        List<String> titles = new ArrayList<>();
        json.path("tables").forEach(t -> titles.add(t.path("title").asText()));
        assertThat(titles).contains("Claims and verdicts", "Models", "All attack outcomes", "The attacks", "Key search",
                "Robust accuracy under CW (L2)", "Robust accuracy at L-inf eps = 8/255 (0.0314)");
        String md = Files.readString(result.report().markdown());
        assertThat(md).contains("vit/ffx/multi_key_N2").contains("Claim 4 - ").contains("transfer_plain").contains("95% CI");
        String html = Files.readString(result.report().html());
        assertThat(html).contains("Claims and verdicts");
        assertThat(console).contains("attacks (models)").contains("ETA").contains("report");
    }

    @Test
    void keysAreInOwnerOnlyFilesAndNowhereElse() throws IOException {
        Path keys = dir.resolve("keys");
        List<Path> files;
        try (Stream<Path> s = Files.list(keys)) {
            files = s.toList();
        }
        assertThat(files).hasSize(allKeys().size());
        Map<String, SecretKey> byId = new LinkedHashMap<>();
        for (SecretKey k : allKeys()) byId.put(k.id(), k);
        for (Path f : files) {
            assertThat(SecretKeyFile.isOwnerOnly(f)).as(f.toString()).isTrue();
            SecretKey k = SecretKey.load(f);
            assertThat(byId).containsEntry(k.id(), k);
        }
        assertThat(allKeys().stream().map(SecretKey::kind).distinct()).contains(TransformKind.SHUFFLE, TransformKind.FFX);

        List<Path> outputs;
        try (Stream<Path> s = Files.walk(dir)) {
            outputs = s.filter(Files::isRegularFile).filter(p -> !p.startsWith(keys)).toList();
        }
        assertThat(outputs).anyMatch(p -> p.endsWith("report.html")).anyMatch(p -> p.endsWith("results.json"));
        for (SecretKey k : allKeys()) {
            assertThat(KeyLeaks.foundIn(console, k)).as("console output, key " + k.id()).isEmpty();
            assertThat(console).contains(k.id());
            for (Path p : outputs) assertThat(KeyLeaks.foundIn(Files.readAllBytes(p), k)).as(p + ", key " + k.id()).isEmpty();
        }
        assertThat(Files.readString(result.report().markdown())).contains(allKeys().get(0).id());
    }
}
