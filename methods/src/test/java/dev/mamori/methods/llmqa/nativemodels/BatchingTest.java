package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.methods.llmqa.PromptTemplate;
import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Padding is masked, so a query's logits do not depend on what it is batched with; concurrent queries share forward
 * passes and get what they would have got alone. Untrained (seeded) models suffice: the invariance is the model's.
 */
class BatchingTest {
    static final List<String> REVIEWS = List.of("Great phone.", "The food was cold and the waiter never came back to our table at all.",
            "Not bad, not good either, just average food for an average price.", "Terrible!", "I would buy it again without a second thought.");

    static NativeSystem untrained(NativeKind kind) {
        List<String> texts = new ArrayList<>(REVIEWS);
        for (PromptTemplate t : PromptTemplate.VARIANTS) texts.add(t.render(""));
        WordVocabulary vocabulary = WordVocabulary.build(texts, 1, 1000);
        Init.seed(3);
        return new NativeSystem(kind, kind.create(vocabulary.size()), vocabulary);
    }

    @Test
    void aSequenceGetsTheSameLogitsAloneAndPaddedInABatch() {
        for (NativeKind kind : new NativeKind[]{NativeKind.LM, NativeKind.TRANSFORMER}) {
            NativeSystem s = untrained(kind);
            List<int[]> inputs = REVIEWS.stream().map(r -> s.input(r, QuerySettings.defaults())).toList();
            assertThat(inputs.stream().mapToInt(i -> i.length).distinct().count()).as("the batch needs padding").isGreaterThan(1);
            double[][] batched = s.forward(inputs);
            for (int i = 0; i < inputs.size(); i++) {
                double[] alone = s.forward(List.of(inputs.get(i)))[0];
                for (int j = 0; j < alone.length; j++) {
                    assertThat(batched[i][j]).as(kind.id() + " review " + i + " output " + j).isCloseTo(alone[j], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    @Test
    void concurrentQueriesShareForwardPassesAndAnswerAsTheyWouldAlone() throws Exception {
        NativeSystem lm = untrained(NativeKind.LM);
        QuerySettings greedy = QuerySettings.builder().temperature(0).build();
        QuerySettings seeded = QuerySettings.builder().temperature(1.0).seed(11L).build();
        List<String> alone = new ArrayList<>();
        for (String r : REVIEWS) alone.add(lm.classify(r, greedy).raw() + "/" + lm.classify(r, seeded).raw());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<String>> answers = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    for (String r : REVIEWS) answers.add(pool.submit(() -> lm.classify(r, greedy).raw() + "/" + lm.classify(r, seeded).raw()));
                }
                for (int i = 0; i < answers.size(); i++) assertThat(answers.get(i).get()).isEqualTo(alone.get(i % REVIEWS.size()));
            }
        } finally {
            pool.shutdownNow();
        }
        NativeSystem.Usage usage = lm.usage();
        assertThat(usage.queries()).isEqualTo(2L * REVIEWS.size() * (1 + 20));
        assertThat(usage.passes()).isBetween(1L, usage.queries());
        assertThat(usage.busySeconds()).isPositive();
        SentimentAnswer a = lm.classify(REVIEWS.get(0), greedy);
        assertThat(a.scores()).hasSize(3);
    }

    @Test
    void theBatcherTakesWhatQueuedMeanwhileByGroupAndPassesErrorsToEveryCaller() throws Exception {
        CountDownLatch firstPassStarted = new CountDownLatch(1), release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        ForwardBatcher b = new ForwardBatcher(inputs -> {
            if (calls.getAndIncrement() == 0) {
                firstPassStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            sizes.add(inputs.size());
            if (inputs.stream().anyMatch(i -> i[0] < 0)) throw new IllegalArgumentException("negative input");
            return inputs.stream().map(i -> new double[]{i[0] * 2.0}).toArray(double[][]::new);
        }, input -> input.length, 4);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<double[]> first = pool.submit(() -> b.apply(new int[]{1}));
            firstPassStarted.await(10, TimeUnit.SECONDS);
            List<Future<double[]>> rest = new ArrayList<>();
            for (int k = 2; k <= 6; k++) {
                int v = k;
                rest.add(pool.submit(() -> b.apply(new int[]{v})));              // group 1: 5 inputs, max 4 a pass
            }
            Future<double[]> other = pool.submit(() -> b.apply(new int[]{7, 0})); // group 2
            while (b.queued() < 6) Thread.sleep(5);
            release.countDown();
            assertThat(first.get()[0]).isEqualTo(2.0);
            for (int k = 0; k < rest.size(); k++) assertThat(rest.get(k).get()[0]).isEqualTo(2.0 * (k + 2));
            assertThat(other.get()[0]).isEqualTo(14.0);
            assertThat(b.stats().inputs()).isEqualTo(7);
            assertThat(b.stats().passes()).isEqualTo(4); // the first alone; then 4 of group 1, its fifth and group 2 apart (in arrival order)
            assertThat(sizes).allMatch(n -> n <= 4);

            List<Future<double[]>> failing = new ArrayList<>();
            for (int k = 0; k < 3; k++) failing.add(pool.submit(() -> b.apply(new int[]{-1})));
            for (Future<double[]> f : failing) {
                assertThatThrownBy(f::get).hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative input");
            }
            assertThat(b.apply(new int[]{4})[0]).as("the batcher works after a failed pass").isEqualTo(8.0);
        } finally {
            pool.shutdownNow();
        }
    }
}
