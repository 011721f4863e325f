package dev.mamori.methods.llmqa.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.data.formats.StrictUtf8;
import dev.mamori.methods.llmqa.ChatTurn;
import dev.mamori.methods.llmqa.PromptTemplate;
import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.methods.llmqa.SentimentSystem;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a native {@link SentimentSystem} as an OpenAI-compatible chat endpoint on one port:
 * <ul>
 *   <li>{@code GET /v1/models}: one model, named as given;</li>
 *   <li>{@code POST /v1/chat/completions}: the request's messages become {@link QuerySettings} (first system message,
 *   the turns before the last user message as history, the last user message's template if it is one of
 *   {@link PromptTemplate#VARIANTS}, else the whole message is the review) with the request's temperature, top_p and
 *   seed; the answer is the system's raw answer, in the response shape of the OpenAI API (id, object, created, model,
 *   choices[0].message.content, finish_reason, usage with whitespace-token counts).</li>
 * </ul>
 * Bad requests get 400 with an OpenAI-style error object. No authentication: bind it to loopback (the default).
 */
public final class ChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SentimentSystem system;
    private final String modelName;
    private final ServerFaults faults;
    private final Javalin app;
    private final AtomicLong requests = new AtomicLong(), ids = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger(), maxInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private ChatServer(SentimentSystem system, String modelName, ServerFaults faults, String host, int port) {
        this.system = system;
        this.modelName = modelName;
        this.faults = faults;
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.useVirtualThreads = false;
        });
        app.get("/v1/models", this::models);
        app.post("/v1/chat/completions", this::completions);
        app.start(host, port);
    }

    /** Starts serving on host:port (port 0 = any free port; see {@link #port()}). */
    public static ChatServer start(SentimentSystem system, String modelName, String host, int port, ServerFaults faults) {
        return new ChatServer(system, modelName, faults == null ? new ServerFaults() : faults, host, port);
    }

    /** Starts on 127.0.0.1 at a free port. */
    public static ChatServer onLoopback(SentimentSystem system, String modelName, ServerFaults faults) {
        return start(system, modelName, "127.0.0.1", 0, faults);
    }

    public int port() {
        return app.port();
    }

    /** The base URL clients use: http://host:port/v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Chat completion requests received (faulted ones included). */
    public long requests() {
        return requests.get();
    }

    public ServerFaults faults() {
        return faults;
    }

    private void models(Context ctx) {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        root.putArray("data").addObject().put("id", modelName).put("object", "model").put("created", 0).put("owned_by", "mamori");
        ctx.contentType("application/json").result(root.toString());
    }

    private void completions(Context ctx) throws Exception {
        requests.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answer(ctx);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** The most chat requests this server was handling at one time. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void answer(Context ctx) throws Exception {
        if (faults.takeRateLimit()) {
            ctx.status(429).header("Retry-After", Integer.toString(faults.retryAfterSeconds()));
            error(ctx, "rate limit reached (injected)", "rate_limit_exceeded");
            return;
        }
        if (faults.takeServerError()) {
            ctx.status(503);
            error(ctx, "server overloaded (injected)", "server_error");
            return;
        }
        long delay = faults.takeDelayMillis();
        if (delay > 0) Thread.sleep(delay);
        if (faults.takeMalformed()) {
            ctx.status(200).contentType("application/json").result("{\"choices\": [ this is not JSON");
            return;
        }
        Request req;
        try {
            req = parse(StrictUtf8.decode(ctx.bodyAsBytes(), "the request body"));
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            error(ctx, e.getMessage(), "invalid_request_error");
            return;
        }
        SentimentAnswer answer = system.classify(req.review, req.settings);
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-mamori-" + ids.incrementAndGet()).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", modelName);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop").putNull("logprobs");
        choice.putObject("message").put("role", "assistant").put("content", answer.raw()).putNull("refusal");
        int promptTokens = req.promptTokens, completionTokens = tokens(answer.raw());
        root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        ctx.contentType("application/json").result(root.toString());
    }

    private record Request(String review, QuerySettings settings, int promptTokens) {}

    private Request parse(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalArgumentException("request body is not JSON");
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("request body must be a JSON object");
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) throw new IllegalArgumentException("'messages' must be a non-empty array");
        List<ChatTurn> turns = new ArrayList<>();
        int tokens = 0;
        for (JsonNode m : (ArrayNode) messages) {
            JsonNode role = m.get("role"), content = m.get("content");
            if (role == null || !role.isTextual()) throw new IllegalArgumentException("every message needs a 'role'");
            String text = contentText(content);
            String r = role.asText().equals("developer") ? ChatTurn.SYSTEM : role.asText();
            try {
                turns.add(new ChatTurn(r, text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("message role '" + role.asText() + "' is not supported");
            }
            tokens += tokens(text);
        }
        int last = -1;
        for (int i = turns.size() - 1; i >= 0 && last < 0; i--) if (turns.get(i).role().equals(ChatTurn.USER)) last = i;
        if (last < 0) throw new IllegalArgumentException("no user message to answer");
        String message = turns.get(last).content();
        if (message.isBlank()) throw new IllegalArgumentException("the user message is empty");
        PromptTemplate template = PromptTemplate.VARIANTS.stream().sorted((a, b) -> b.text().length() - a.text().length())
                .filter(t -> t.extract(message).isPresent()).findFirst().orElse(new PromptTemplate("raw", PromptTemplate.SLOT));
        String review = template.extract(message).orElse(message);
        if (review.isBlank()) throw new IllegalArgumentException("the review in the user message is empty");
        String systemPrompt = null;
        List<ChatTurn> history = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            ChatTurn t = turns.get(i);
            if (t.role().equals(ChatTurn.SYSTEM) && systemPrompt == null && history.isEmpty()) systemPrompt = t.content();
            else history.add(t);
        }
        QuerySettings.Builder b = QuerySettings.builder().template(template).systemPrompt(systemPrompt).history(history);
        try {
            if (root.hasNonNull("temperature")) b.temperature(root.get("temperature").asDouble());
            if (root.hasNonNull("top_p")) b.topP(root.get("top_p").asDouble());
            if (root.hasNonNull("seed")) b.seed(root.get("seed").asLong());
            return new Request(review, b.build(), tokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (content.isArray()) { // content parts: concatenate the text parts
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) if (part.has("text")) sb.append(part.get("text").asText());
            return sb.toString();
        }
        throw new IllegalArgumentException("message content must be a string or an array of parts");
    }

    private static int tokens(String s) {
        String t = s.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static void error(Context ctx, String message, String code) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", code).put("code", code).putNull("param");
        ctx.contentType("application/json").result(root.toString());
    }

    @Override
    public void close() {
        app.stop();
    }
}
