package dev.mamori.methods.llmqa.systems;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.mamori.methods.llmqa.ChatTurn;
import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.methods.llmqa.SentimentSystem;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The system under test of Ouyang et al. (2024): a chat model behind an OpenAI-compatible endpoint, asked through the
 * official OpenAI Java SDK with the paper's prompt (or a variant), system prompt and history, temperature, top_p and
 * seed from the {@link QuerySettings}.
 * <p>
 * Retries are ours, not the SDK's (its {@code maxRetries} is set to 0): we retry 429, 5xx, timeouts and connection
 * failures up to {@link ChatEndpoint#maxRetries()} times, waiting what the server's {@code Retry-After} (seconds or an
 * HTTP date) or {@code retry-after-ms} says, else an exponential backoff with jitter; so the wait is visible, counted and
 * testable. A concurrency limit (a semaphore) bounds the requests in flight; the response cache (keyed by the full
 * request, see {@link ResponseCache}) is consulted before the limit, so cached answers never wait for a slot. Other
 * HTTP errors (400, 401, 404) and malformed answers fail at once with a {@link ChatEndpointException} that names the
 * endpoint; no message, log line or cache entry holds the API key.
 */
public final class ChatSystem implements SentimentSystem {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What is sent as the bearer token with {@link ChatEndpoint#useApiKey()} false: visibly not a key. */
    public static final String NO_KEY = "no-key";

    private final ChatEndpoint endpoint;
    private final OpenAIClient client;
    private final Semaphore slots;
    private final ResponseCache cache;
    private final AtomicLong sent = new AtomicLong(), retries = new AtomicLong(), answered = new AtomicLong(), waitedMillis = new AtomicLong();

    /** A client with the key from the process environment (when the endpoint uses one). */
    public ChatSystem(ChatEndpoint endpoint) {
        this(endpoint, System::getenv);
    }

    /** A client reading the key from the given environment (tests pass a map). */
    public ChatSystem(ChatEndpoint endpoint, UnaryOperator<String> environment) {
        this.endpoint = endpoint;
        OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder().baseUrl(endpoint.baseUrl()).maxRetries(0).timeout(endpoint.timeout());
        if (endpoint.useApiKey()) {
            b.apiKey(ApiKey.fromEnvironment(endpoint.apiKeyVariable(), environment).reveal());
        } else {
            // the SDK insists on a credential; this placeholder says what it is (servers without authentication ignore it)
            b.apiKey(NO_KEY);
        }
        this.client = b.build();
        this.slots = new Semaphore(endpoint.concurrency(), true);
        this.cache = endpoint.cacheDir() == null ? null : new ResponseCache(endpoint.cacheDir());
    }

    @Override
    public String name() {
        return "chat:" + endpoint.model();
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    public ChatEndpoint endpoint() {
        return endpoint;
    }

    /** The canonical request document the cache key is computed from (the key is not in it). */
    public ObjectNode requestDocument(List<ChatTurn> messages, QuerySettings s) {
        ObjectNode r = JSON.createObjectNode();
        r.put("endpoint", endpoint.baseUrl()).put("model", endpoint.model()).put("temperature", s.temperature()).put("top_p", s.topP());
        if (s.seed() == null) r.putNull("seed"); else r.put("seed", s.seed());
        if (endpoint.maxTokens() == null) r.putNull("max_completion_tokens"); else r.put("max_completion_tokens", endpoint.maxTokens());
        ArrayNode m = r.putArray("messages");
        for (ChatTurn t : messages) m.addObject().put("role", t.role()).put("content", t.content());
        r.put("draw", s.draw());
        return r;
    }

    @Override
    public SentimentAnswer classify(String review, QuerySettings settings) {
        SentimentSystem.requireReview(review);
        List<ChatTurn> messages = settings.messages(review);
        ObjectNode doc = requestDocument(messages, settings);
        String key = cache == null ? null : ResponseCache.key(doc);
        if (cache != null) {
            Optional<String> hit = cache.get(key);
            if (hit.isPresent()) return SentimentAnswer.parsed(hit.get()).fromCache();
        }
        String raw;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatEndpointException("interrupted while waiting for a request slot", 0, e);
        }
        try {
            raw = send(params(messages, settings));
        } finally {
            slots.release();
        }
        if (cache != null) cache.put(key, doc, raw);
        answered.incrementAndGet();
        return SentimentAnswer.parsed(raw);
    }

    private ChatCompletionCreateParams params(List<ChatTurn> messages, QuerySettings s) {
        ChatCompletionCreateParams.Builder p = ChatCompletionCreateParams.builder().model(endpoint.model()).temperature(s.temperature()).topP(s.topP());
        if (s.seed() != null) p.seed(s.seed());
        if (endpoint.maxTokens() != null) p.maxCompletionTokens(endpoint.maxTokens());
        for (ChatTurn t : messages) {
            switch (t.role()) {
                case ChatTurn.SYSTEM -> p.addSystemMessage(t.content());
                case ChatTurn.USER -> p.addUserMessage(t.content());
                default -> p.addAssistantMessage(t.content());
            }
        }
        return p.build();
    }

    private String send(ChatCompletionCreateParams params) {
        for (int attempt = 0; ; attempt++) {
            Duration wait;
            ChatEndpointException failure;
            try {
                sent.incrementAndGet();
                ChatCompletion c = client.chat().completions().create(params);
                try {
                    if (c.choices().isEmpty()) throw new ChatEndpointException(where() + " answered with no choices", 200, null);
                    return c.choices().get(0).message().content().orElse("");
                } catch (OpenAIException e) {
                    throw malformed(e);
                }
            } catch (OpenAIServiceException e) {
                int status = e.statusCode();
                if (status != 429 && status < 500) throw new ChatEndpointException(describe(status), status, null);
                failure = new ChatEndpointException(where() + " answered HTTP " + status + " after " + (attempt + 1) + " tries", status, null);
                wait = retryAfter(e).orElse(backoff(attempt));
            } catch (OpenAIIoException e) {
                failure = new ChatEndpointException(where() + " did not answer within " + endpoint.timeout().toMillis() + " ms or the connection"
                        + " failed (" + rootMessage(e) + ") after " + (attempt + 1) + " tries", 0, null);
                wait = backoff(attempt);
            } catch (ChatEndpointException e) {
                throw e;
            } catch (OpenAIException e) {
                throw malformed(e);
            }
            if (attempt >= endpoint.maxRetries()) throw failure;
            retries.incrementAndGet();
            long ms = Math.min(wait.toMillis(), endpoint.backoffMax().toMillis());
            waitedMillis.addAndGet(ms);
            try {
                Thread.sleep(ms);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new ChatEndpointException("interrupted while waiting to retry " + where(), 0, ie);
            }
        }
    }

    private ChatEndpointException malformed(OpenAIException e) {
        return new ChatEndpointException(where() + " returned a malformed answer (not an OpenAI chat completion: " + rootMessage(e) + ")", 200, null);
    }

    private String describe(int status) {
        return switch (status) {
            case 401 -> where() + " rejected the request as unauthorized (HTTP 401): check the key in $" + endpoint.apiKeyVariable();
            case 403 -> where() + " refused the request (HTTP 403): the key lacks access to model '" + endpoint.model() + "'";
            case 404 -> where() + " has no model '" + endpoint.model() + "' or no /chat/completions (HTTP 404): check --base-url and --model";
            default -> where() + " rejected the request (HTTP " + status + ")";
        };
    }

    private String where() {
        return "chat endpoint " + endpoint.baseUrl() + " (model " + endpoint.model() + ")";
    }

    /** The wait a server asked for: retry-after-ms, or Retry-After in seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(OpenAIServiceException e) {
        List<String> ms = e.headers().values("retry-after-ms");
        if (!ms.isEmpty()) {
            try {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get(0).strip())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        List<String> ra = e.headers().values("retry-after");
        if (ra.isEmpty()) return Optional.empty();
        String v = ra.get(0).strip();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Optional.of(Duration.between(ZonedDateTime.now(at.getZone()), at).isNegative() ? Duration.ZERO
                        : Duration.between(ZonedDateTime.now(at.getZone()), at));
            } catch (RuntimeException notDate) {
                return Optional.empty();
            }
        }
    }

    private Duration backoff(int attempt) {
        double base = endpoint.backoffBase().toMillis() * Math.pow(2, Math.min(attempt, 20));
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) Math.min(base * jitter, endpoint.backoffMax().toMillis()));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) + "..." : m));
    }

    /** HTTP requests sent (retries included). */
    public long requestsSent() {
        return sent.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Answers that came from the endpoint (not the cache). */
    public long answered() {
        return answered.get();
    }

    /** Total milliseconds spent waiting between retries. */
    public long waitedMillis() {
        return waitedMillis.get();
    }

    /** The response cache, if any. */
    public Optional<ResponseCache> cache() {
        return Optional.ofNullable(cache);
    }

    @Override
    public void close() {
        client.close();
    }
}
