package dev.mamori.methods.llmqa;

import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import dev.mamori.methods.llmqa.nativemodels.NativeKind;
import dev.mamori.methods.llmqa.nativemodels.NativeModels;
import dev.mamori.methods.llmqa.nativemodels.NativeSystem;
import dev.mamori.methods.llmqa.nativemodels.Sampling;
import dev.mamori.methods.llmqa.nativemodels.TrainingSplit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Short trainings on the real sentences: each family learns above chance, saves and loads to the same answers. */
class NativeModelsTest {
    @TempDir
    Path tmp;

    static Dataset<TextExample> sentences() throws Exception {
        return LlmQaFixtures.catalog().openText("sentiment", "all");
    }

    @Test
    void classifiersLearnAndRoundTrip() throws Exception {
        Dataset<TextExample> data = sentences();
        for (NativeKind kind : new NativeKind[]{NativeKind.TEXTCNN, NativeKind.TRANSFORMER}) {
            NativeModels.Trained t = NativeModels.train(kind, data, 0, 3, false);
            assertThat(t.heldOutSize()).isEqualTo(600);
            assertThat(t.heldOutAccuracy()).as(kind.id()).isGreaterThan(0.6);
            NativeModels.save(t, tmp);
            NativeSystem loaded = NativeModels.load(tmp, kind).system();
            for (String review : new String[]{"Great phone, works perfectly.", "Worst food ever, cold and bland."}) {
                assertThat(loaded.classify(review)).usingRecursiveComparison().isEqualTo(t.system().classify(review));
            }
            assertThat(t.system().stochastic()).isFalse();
        }
        Path desc = NativeModels.descriptionFile(tmp, NativeKind.TEXTCNN);
        ObjectNode saved = (ObjectNode) new ObjectMapper().readTree(desc.toFile());
        TrainingSplit split = NativeModels.loadSplit(tmp, NativeKind.TEXTCNN);
        assertThat(split.heldOut()).hasSize(600);
        assertThat(split.matches(data)).isTrue();
        assertThat(split.dataSha256()).isEqualTo(TrainingSplit.fingerprint(data));
        // the held-out sentences are the ones training did not see: the split Dataset.split makes with the seed
        var expected = data.split(NativeModels.HELD_OUT, 0).val();
        for (int k = 0; k < 600; k += 97) assertThat(data.get(split.heldOut()[k])).isEqualTo(expected.get(k));
        Files.writeString(desc, saved.deepCopy().put("vocabulary", 3).toString());
        assertThatThrownBy(() -> NativeModels.load(tmp, NativeKind.TEXTCNN)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("textcnn.json").hasMessageContaining("vocabulary");
        ObjectNode noSplit = saved.deepCopy();
        noSplit.remove("held_out_indices");
        Files.writeString(desc, noSplit.toString());
        assertThatThrownBy(() -> NativeModels.load(tmp, NativeKind.TEXTCNN)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("textcnn.json").hasMessageContaining("held_out_indices");
        ObjectNode outOfRange = saved.deepCopy();
        outOfRange.putArray("held_out_indices").add(5).add(3);
        Files.writeString(desc, outOfRange.toString());
        assertThatThrownBy(() -> NativeModels.loadSplit(tmp, NativeKind.TEXTCNN)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("held_out_indices").hasMessageContaining("ascending");
    }

    @Test
    void theLanguageModelAnswersWithLabelWordsAndSamplesLikeAnLlm() throws Exception {
        NativeModels.Trained t = NativeModels.train(NativeKind.LM, sentences(), 0, 3, false);
        NativeSystem lm = t.system();
        assertThat(lm.stochastic()).isTrue();
        String review = "I loved this place, the staff were wonderful.";
        QuerySettings greedy = QuerySettings.builder().temperature(0).build();
        assertThat(lm.classify(review, greedy).label()).isIn(Sentiment.POSITIVE, Sentiment.NEGATIVE, Sentiment.NEUTRAL);
        QuerySettings seeded = QuerySettings.builder().temperature(1.5).seed(42L).build();
        SentimentAnswer a = lm.classify(review, seeded), b = lm.classify(review, seeded);
        assertThat(b.raw()).as("same seed, same sample").isEqualTo(a.raw());
        Set<String> answers = new HashSet<>();
        QuerySettings hot = QuerySettings.builder().temperature(2.0).build();
        for (int i = 0; i < 200; i++) answers.add(lm.classify(review, hot).raw());
        assertThat(answers.size()).as("unseeded sampling at temperature 2 varies").isGreaterThan(1);
        assertThat(t.heldOutAccuracy()).isGreaterThan(0.5);
        NativeModels.save(t, tmp);
        assertThat(NativeModels.load(tmp, NativeKind.LM).system().classify(review, greedy).raw()).isEqualTo(lm.classify(review, greedy).raw());
    }

    @Test
    void nucleusSamplingKeepsTheSmallestSetReachingTopP() {
        double[] p = {0.5, 0.3, 0.15, 0.05};
        SplittableRandom rng = new SplittableRandom(1);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) seen.add(Sampling.topP(p, 0.8, rng));
        assertThat(seen).containsExactlyInAnyOrder(0, 1);
        seen.clear();
        for (int i = 0; i < 2000; i++) seen.add(Sampling.topP(p, 1.0, rng));
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(Sampling.topP(p, 0.01, rng)).isEqualTo(0);
    }
}
