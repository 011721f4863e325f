package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.catalog.DataCatalog;
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
        c.blackBoxExamples = 10;
        c.autoAttackExamples = 10;
        c.queryExamples = 30;
        c.backbones.get("vit").config.putAll(Map.of("embedDim", 16, "depth", 1, "heads", 2));
        c.backbones.get("convmixer").config.putAll(Map.of("dim", 16, "depth", 1));
        c.backbones.values().forEach(b -> b.epochs = 1);
        c.keyKinds = new ArrayList<>(List.of("shuffle", "ffx"));
        c.keyCounts = new ArrayList<>(List.of(1, 2));
        c.pgdSteps = 3;
        c.apgdSteps = 3;
        c.cwSteps = 3;
        c.cwSearchSteps = 2;
        c.squareQueries = 10;
        c.autoAttackSteps = 2;
        c.autoAttackFabSteps = 2;
        c.autoAttackSquareQueries = 10;
        c.eotSamples = 2;
        c.eotPool = 2;
        c.randomKeys = 3;
        c.hillClimbSwaps = 5;
        c.keySearchFinalists = 5;
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
        assertThat(result.claims()).hasSize(8);
        // randomized models: judged on both keys; AutoAttack's rand version; the sanity checks flag them
        AttackOutcome eot = randomized.outcome("eot_own_keys", eps).orElseThrow();
        assertThat(eot.judgeRule()).contains("all 2 realizations");
        assertThat(eot.perDrawRobustAccuracy()).isLessThanOrEqualTo(eot.robustAccuracy().value());
        AttackOutcome aa = randomized.outcome("autoattack", eps).orElseThrow();
        assertThat(aa.description()).startsWith("AutoAttack-rand-Linf").contains("EOT over all realizations");
        assertThat(aa.robustAccuracy().trials()).isEqualTo(10);
        assertThat(result.model("vit/plain").outcome("autoattack", eps).orElseThrow().description()).startsWith("AutoAttack-Linf");
        assertThat(result.model("vit/shuffle/full").outcome("autoattack", eps)).isEmpty();
        assertThat(randomized.sanity()).anyMatch(w -> w.message().contains("AutoAttack.rand"));
        assertThat(result.model("vit/shuffle/full").sanity()).isEmpty();
        assertThat(scratch.sanity()).as("FFX's true gradient vanishes").anyMatch(w -> w.kind() == dev.mamori.methods.attacks.SanityWarning.Kind.ZERO_GRADIENT);
        // the key search states how much of the key space it scored
        assertThat(scratch.keySearch().searchedFraction()).isLessThan(1e-30);
        // the reference budgets' rule: the step size is eps / 4
        String pgd = dev.mamori.methods.attacks.Pgd.linf(result.model("vit/plain").model().classifier(), eps).steps(3).alpha(eps / 4).name();
        assertThat(scratch.outcome("white_box", eps).orElseThrow().description()).isEqualTo(pgd);
    }

    @Test
    void writesTheReportWithItsTables() throws IOException {
        assertThat(result.report().html()).exists();
        assertThat(result.report().markdown()).exists();
        JsonNode json = new ObjectMapper().readTree(result.report().resultsJson().toFile());
        List<String> titles = new ArrayList<>();
        json.path("tables").forEach(t -> titles.add(t.path("title").asText()));
        assertThat(titles).contains("Claims and verdicts", "Models", "All attack outcomes", "The attacks", "Key search",
                "Robust accuracy under CW (L2)", "Robust accuracy at L-inf eps = 8/255 (0.0314)", "Sanity checks",
                "FFX: true gradient vs BPDA (key leaked; a check, not a claim)");
        String md = Files.readString(result.report().markdown());
        assertThat(md).contains("vit/ffx/multi_key_N2").contains("Claim 4 - ").contains("transfer_plain").contains("95% CI")
                .contains("pgd_wrong_key (PGD-3, n=30)").contains("square (Square-10, n=10)").contains("Attack budgets: PGD 3 steps")
                .contains("Keys: drawn from SecureRandom").doesNotContain("keys derivable from the seed").doesNotContain("SMOKE RUN");
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
        // one file per key: the multi-key models of a kind share their first slots' keys
        assertThat(files).hasSize((int) allKeys().stream().map(SecretKey::id).distinct().count());
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
        // the keys do not come from the seed
        ModelResult full = result.model("vit/shuffle/full");
        assertThat(full.model().keys().get(0)).isNotEqualTo(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1,
                dev.mamori.methods.common.ExperimentSeeds.of(result.config().seed, "vit/shuffle/full/key/0")));
    }

    @Test
    void reproducibleKeysAreAnOptInThatTheReportNames(@TempDir Path tmp) throws IOException {
        KeyDefenseConfig c = tiny();
        c.useBackbones = new ArrayList<>(List.of("vit"));
        c.keyKinds = new ArrayList<>(List.of("shuffle"));
        c.methods = new ArrayList<>(List.of("absorbed"));
        c.attacks = new ArrayList<>(List.of("white_box"));
        c.reproducibleKeys = true;
        KeyDefenseExperiment.Result r = KeyDefenseExperiment.run(c, tmp.resolve("run"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        SecretKey key = r.model("vit/shuffle/absorbed").model().keys().get(0);
        assertThat(key).isEqualTo(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 1, dev.mamori.methods.common.ExperimentSeeds.of(c.seed, "vit/shuffle/absorbed/key/0")));
        String md = Files.readString(r.report().markdown());
        assertThat(md).contains("keys derivable from the seed").doesNotContain("drawn from SecureRandom");
        assertThat(KeyLeaks.foundIn(md, key)).isEmpty();
    }
}
