package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.llmqa.experiment.Systems;
import dev.mamori.methods.llmqa.nativemodels.TrainingSplit;
import dev.mamori.methods.llmqa.systems.ChatEndpoint;
import dev.mamori.methods.llmqa.systems.ChatSystem;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options naming a sentiment system, shared by {@code run llmqa} and {@code serve}. */
final class LlmQaOptions {
    @Option(names = "--system", required = true, description = "lexicon, textcnn, transformer, lm (native, trained here if not saved yet) or chat (an endpoint).")
    String system;

    @Option(names = "--models", description = "Directory of the native models (default: runs/llmqa-models); a missing model is trained and saved there.")
    Path models = Path.of("runs", "llmqa-models");

    @Option(names = "--base-url", description = "chat: the endpoint's base URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:8080/v1.")
    String baseUrl;

    @Option(names = "--model", description = "chat: the model name sent with each request.")
    String model;

    @Option(names = "--api-key-env", description = "chat: the environment variable holding the API key (default OPENAI_API_KEY). The key is read from"
            + " the environment only and never written anywhere.")
    String apiKeyEnv = ChatEndpoint.DEFAULT_KEY_VARIABLE;

    @Option(names = "--no-api-key", description = "chat: the endpoint needs no key (a local server); no key is read.")
    boolean noApiKey;

    @Option(names = "--timeout", description = "chat: per-request timeout in seconds (default 60).")
    double timeoutSeconds = 60;

    @Option(names = "--max-retries", description = "chat: retries after 429, 5xx or a timeout (default 6).")
    int maxRetries = 6;

    @Option(names = "--trained-on", description = "chat: the native model (textcnn, transformer, lm) that the endpoint serves, as saved under --models:"
            + " its held-out sentences are then reported apart from those it trained on, and are the headline.")
    String trainedOn;

    /** Opens the system with its training split (if known); chat systems cache their answers under {@code cacheDir}. */
    Systems.Opened open(DataCatalog catalog, Path cacheDir, int concurrency, long seed, Map<String, Object> facts) throws IOException {
        if (trainedOn != null && !system.equals("chat")) throw new IllegalArgumentException("--trained-on is for --system chat (a native system knows its own split)");
        if (system.equals("chat")) {
            if (baseUrl == null || model == null) throw new IllegalArgumentException("--system chat needs --base-url and --model");
            TrainingSplit split = trainedOn == null ? null : Systems.savedSplit(trainedOn, models);
            ChatEndpoint.Builder b = ChatEndpoint.builder(baseUrl, model).apiKeyVariable(apiKeyEnv).timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)))
                    .maxRetries(maxRetries).concurrency(concurrency).cacheDir(cacheDir);
            if (noApiKey) b.noApiKey();
            facts.put("endpoint", baseUrl);
            facts.put("model", model);
            facts.put("api key", noApiKey ? "none" : "from $" + apiKeyEnv);
            if (split != null) facts.put("serves", "native model '" + trainedOn + "' of " + models + " (" + split.heldOut().length + " held-out sentences)");
            return new Systems.Opened(new ChatSystem(b.build()), facts, split);
        }
        if (!Systems.NATIVE.contains(system)) throw new IllegalArgumentException("--system must be one of lexicon, textcnn, transformer, lm, chat; found '" + system + "'");
        Systems.Opened o = Systems.openNative(system, catalog, models, seed, System.err);
        facts.putAll(o.facts());
        return o;
    }

    /** The key's value (to forbid it in the report), when one is used. */
    String keyValue() {
        return system.equals("chat") && !noApiKey ? System.getenv(apiKeyEnv) : null;
    }

    static Map<String, Object> facts() {
        return new LinkedHashMap<>();
    }
}
