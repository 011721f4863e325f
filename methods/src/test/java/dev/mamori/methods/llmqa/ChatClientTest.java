package dev.mamori.methods.llmqa;

import dev.mamori.methods.llmqa.serve.ChatServer;
import dev.mamori.methods.llmqa.serve.ServerFaults;
import dev.mamori.methods.llmqa.systems.ChatEndpoint;
import dev.mamori.methods.llmqa.systems.ChatEndpointException;
import dev.mamori.methods.llmqa.systems.ChatSystem;
import dev.mamori.methods.llmqa.systems.LexiconSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SDK client against {@code mamori serve}'s server on a loopback port, with injected faults. */
class ChatClientTest {
    static final String KEY = "sk-mamori-test-0123456789abcdef";
    static LexiconSystem lexicon;
    static ChatServer server;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        lexicon = new LexiconSystem(LlmQaFixtures.afinn());
        server = ChatServer.onLoopback(lexicon, "lexicon", new ServerFaults());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    ChatSystem client(ChatEndpoint.Builder b) {
        return new ChatSystem(b.build(), Map.of("OPENAI_API_KEY", KEY)::get);
    }

    ChatEndpoint.Builder endpoint() {
        return ChatEndpoint.builder(server.baseUrl(), "lexicon").backoff(Duration.ofMillis(50), Duration.ofSeconds(5)).timeout(Duration.ofSeconds(10));
    }

    @Test
    void answersAsTheServedSystemDoes() throws Exception {
        try (ChatSystem chat = client(endpoint())) {
            for (String review : List.of("I love it, excellent!", "Awful, it broke.", "A box.")) {
                SentimentAnswer a = chat.classify(review);
                assertThat(a.label()).isEqualTo(lexicon.classify(review).label());
                assertThat(a.raw()).isEqualTo(a.label().word());
            }
            QuerySettings s = QuerySettings.builder().systemPrompt("You are a careful annotator.").template(PromptTemplate.TERSE)
                    .history(List.of(ChatTurn.user("Hi"), ChatTurn.assistant("Hello"))).temperature(0.3).topP(0.9).seed(5L).build();
            assertThat(chat.classify("Great value", s).label()).isEqualTo(Sentiment.POSITIVE);
        }
        HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"id\":\"lexicon\"");
    }

    @Test
    void rateLimitIsRetriedAfterTheServersRetryAfter() {
        try (ChatSystem chat = client(endpoint())) {
            long before = server.requests();
            server.faults().rateLimitNext(1, 1);
            long t0 = System.nanoTime();
            assertThat(chat.classify("excellent").label()).isEqualTo(Sentiment.POSITIVE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(server.requests() - before).isEqualTo(2);
            assertThat(chat.retries()).isEqualTo(1);
            // the wait is the server's Retry-After (1 s), not the 50 ms backoff
            assertThat(chat.waitedMillis()).isEqualTo(1000);
            assertThat(ms).isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void serverErrorsAreRetriedAndThenFailClearly() {
        try (ChatSystem chat = client(endpoint().maxRetries(2))) {
            server.faults().serverErrorNext(2);
            assertThat(chat.classify("excellent").label()).isEqualTo(Sentiment.POSITIVE);
            assertThat(chat.retries()).isEqualTo(2);
            server.faults().serverErrorNext(3);
            assertThatThrownBy(() -> chat.classify("excellent")).isInstanceOf(ChatEndpointException.class)
                    .hasMessageContaining("HTTP 503").hasMessageContaining("3 tries").hasMessageContaining(server.baseUrl());
        }
    }

    @Test
    void aSlowServerTimesOutAndIsRetried() {
        try (ChatSystem chat = client(endpoint().timeout(Duration.ofMillis(300)).maxRetries(0))) {
            server.faults().delayNext(1, Duration.ofMillis(2000));
            assertThatThrownBy(() -> chat.classify("excellent")).isInstanceOf(ChatEndpointException.class)
                    .hasMessageContaining("did not answer within 300 ms");
        }
        try (ChatSystem chat = client(endpoint().timeout(Duration.ofMillis(300)).maxRetries(1))) {
            server.faults().delayNext(1, Duration.ofMillis(2000));
            assertThat(chat.classify("excellent").label()).isEqualTo(Sentiment.POSITIVE);
            assertThat(chat.retries()).isEqualTo(1);
        }
    }

    @Test
    void malformedAnswerEmptyReviewAndMissingKeyAreClearErrors() {
        try (ChatSystem chat = client(endpoint())) {
            server.faults().malformedNext(1);
            assertThatThrownBy(() -> chat.classify("excellent")).isInstanceOf(ChatEndpointException.class)
                    .hasMessageContaining("malformed answer").hasMessageNotContaining(KEY);
            long before = server.requests();
            assertThatThrownBy(() -> chat.classify("  ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty review");
            assertThat(server.requests()).as("nothing sent for an empty review").isEqualTo(before);
        }
        assertThatThrownBy(() -> new ChatSystem(endpoint().build(), Map.<String, String>of()::get)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OPENAI_API_KEY").hasMessageContaining("--no-api-key");
        assertThatThrownBy(() -> new ChatSystem(endpoint().apiKeyVariable("MY_KEY").build(), Map.<String, String>of()::get))
                .hasMessageContaining("MY_KEY");
        try (ChatSystem noKey = new ChatSystem(endpoint().noApiKey().build(), Map.<String, String>of()::get)) {
            assertThat(noKey.classify("excellent").label()).isEqualTo(Sentiment.POSITIVE);
        }
    }

    @Test
    void theCacheAnswersRepeatsWithoutSendingAndHoldsNoKey() throws Exception {
        Path cache = tmp.resolve("cache");
        try (ChatSystem chat = client(endpoint().cacheDir(cache))) {
            QuerySettings s = QuerySettings.builder().temperature(0.7).build();
            long before = server.requests();
            chat.classify("excellent", s);
            SentimentAnswer again = chat.classify("excellent", s);
            assertThat(again.cached()).isTrue();
            assertThat(server.requests() - before).isEqualTo(1);
            chat.classify("excellent", s.toBuilder().draw(1).build()); // another repeat is another request
            chat.classify("excellent", s.toBuilder().temperature(0.2).build());
            assertThat(server.requests() - before).isEqualTo(3);
            assertThat(chat.cache().orElseThrow().hits()).isEqualTo(1);
        }
        // a new client on the same cache (a resumed study) sends nothing it already has
        try (ChatSystem resumed = client(endpoint().cacheDir(cache))) {
            long before = server.requests();
            assertThat(resumed.classify("excellent", QuerySettings.builder().temperature(0.7).build()).cached()).isTrue();
            assertThat(server.requests()).isEqualTo(before);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(cache)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSize(3);
        for (Path f : files) assertThat(Files.readString(f)).doesNotContain(KEY).doesNotContain(KEY.substring(0, 12)).contains("\"answer\"");
    }

    @Test
    void theConcurrencyLimitHolds() throws Exception {
        // a server of its own: abandoned slow requests of other tests would count as in flight here
        try (ChatServer own = ChatServer.onLoopback(lexicon, "lexicon", new ServerFaults());
             ChatSystem chat = new ChatSystem(ChatEndpoint.builder(own.baseUrl(), "lexicon").concurrency(3).build(), Map.of("OPENAI_API_KEY", KEY)::get)) {
            own.faults().delayNext(12, Duration.ofMillis(300));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<SentimentAnswer>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String review = "excellent " + i;
                fs.add(pool.submit(() -> chat.classify(review)));
            }
            for (Future<SentimentAnswer> f : fs) assertThat(f.get().label()).isEqualTo(Sentiment.POSITIVE);
            pool.shutdown();
            assertThat(own.maxInFlight()).isBetween(2, 3);
        }
    }
}
