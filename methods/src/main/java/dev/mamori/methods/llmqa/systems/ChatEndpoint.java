package dev.mamori.methods.llmqa.systems;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a {@link ChatSystem} talks to an OpenAI-compatible endpoint. Build with {@link #builder(String, String)}.
 * The API key itself is never part of this record: only the name of the environment variable that holds it.
 *
 * @param baseUrl         e.g. https://api.openai.com/v1, http://127.0.0.1:8080/v1 (llama.cpp, vLLM, {@code mamori serve})
 * @param model           the model name sent with each request
 * @param apiKeyVariable  environment variable holding the key (default OPENAI_API_KEY)
 * @param useApiKey       false for a local server without authentication (no Authorization header is sent)
 * @param timeout         per-request timeout (connect, read and the whole call)
 * @param maxRetries      retries after a 429, a 5xx or a timeout / connection failure
 * @param backoffBase     first retry delay when the server gives no Retry-After; doubles each retry, with +-50% jitter
 * @param backoffMax      longest wait between tries, Retry-After included
 * @param concurrency     requests in flight at most
 * @param cacheDir        response cache directory, or null for none
 * @param maxTokens       max_completion_tokens sent (the answer is one word; null sends none)
 */
public record ChatEndpoint(String baseUrl, String model, String apiKeyVariable, boolean useApiKey, Duration timeout, int maxRetries,
                           Duration backoffBase, Duration backoffMax, int concurrency, Path cacheDir, Long maxTokens) {
    public static final String DEFAULT_KEY_VARIABLE = "OPENAI_API_KEY";

    public ChatEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("base URL must start with http:// or https://, found '" + baseUrl + "'");
        }
        if (model.isBlank()) throw new IllegalArgumentException("model name is empty");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        if (timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("timeout must be positive");
    }

    public static Builder builder(String baseUrl, String model) {
        return new Builder(baseUrl, model);
    }

    /** Options of an endpoint. */
    public static final class Builder {
        private final String baseUrl, model;
        private String apiKeyVariable = DEFAULT_KEY_VARIABLE;
        private boolean useApiKey = true;
        private Duration timeout = Duration.ofSeconds(60), backoffBase = Duration.ofMillis(500), backoffMax = Duration.ofSeconds(60);
        private int maxRetries = 6, concurrency = 4;
        private Path cacheDir;
        private Long maxTokens = 5L;

        private Builder(String baseUrl, String model) {
            this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            this.model = model;
        }

        public Builder apiKeyVariable(String name) { this.apiKeyVariable = name; return this; }
        /** No Authorization header: for local servers without authentication. */
        public Builder noApiKey() { this.useApiKey = false; return this; }
        public Builder timeout(Duration d) { this.timeout = d; return this; }
        public Builder maxRetries(int n) { this.maxRetries = n; return this; }
        public Builder backoff(Duration base, Duration max) { this.backoffBase = base; this.backoffMax = max; return this; }
        public Builder concurrency(int n) { this.concurrency = n; return this; }
        public Builder cacheDir(Path dir) { this.cacheDir = dir; return this; }
        public Builder maxTokens(Long n) { this.maxTokens = n; return this; }

        public ChatEndpoint build() {
            return new ChatEndpoint(baseUrl, model, apiKeyVariable, useApiKey, timeout, maxRetries, backoffBase, backoffMax, concurrency, cacheDir, maxTokens);
        }
    }
}
