package dev.mamori.methods.llmqa;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one review is put to a system: the operational factors of the stability study. Build with {@link #builder()};
 * the defaults are the paper's prompt, no system prompt, no history, temperature 1 and top_p 1 (the chat APIs'
 * defaults), no seed.
 *
 * @param template     the user prompt
 * @param systemPrompt a system message, or null for none
 * @param history      earlier turns sent before the prompt (the paper's conversation context factor)
 * @param temperature  sampling temperature (0 = greedy)
 * @param topP         nucleus sampling mass
 * @param seed         the sampling seed sent to the endpoint, or null to let it choose
 * @param draw         which repetition of an otherwise identical query this is; not sent, but part of the cache key
 *                     so that repeats are real repeats and a resumed study finds each of them in the cache
 */
public record QuerySettings(PromptTemplate template, String systemPrompt, List<ChatTurn> history, double temperature, double topP,
                            Long seed, int draw) {
    public QuerySettings {
        Objects.requireNonNull(template, "template");
        history = List.copyOf(history);
        if (!(temperature >= 0 && temperature <= 2)) throw new IllegalArgumentException("temperature must be in [0, 2], found " + temperature);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], found " + topP);
        if (draw < 0) throw new IllegalArgumentException("draw must be >= 0");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static QuerySettings defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.template = template;
        b.systemPrompt = systemPrompt;
        b.history = new ArrayList<>(history);
        b.temperature = temperature;
        b.topP = topP;
        b.seed = seed;
        b.draw = draw;
        return b;
    }

    /** The messages sent for one review: system prompt, history, then the rendered prompt. */
    public List<ChatTurn> messages(String review) {
        List<ChatTurn> out = new ArrayList<>();
        if (systemPrompt != null) out.add(new ChatTurn(ChatTurn.SYSTEM, systemPrompt));
        out.addAll(history);
        out.add(ChatTurn.user(template.render(review)));
        return out;
    }

    /** Options of a query. */
    public static final class Builder {
        private PromptTemplate template = PromptTemplate.PAPER;
        private String systemPrompt;
        private List<ChatTurn> history = new ArrayList<>();
        private double temperature = 1.0, topP = 1.0;
        private Long seed;
        private int draw;

        public Builder template(PromptTemplate t) { this.template = t; return this; }
        public Builder systemPrompt(String s) { this.systemPrompt = s; return this; }
        public Builder history(List<ChatTurn> h) { this.history = new ArrayList<>(h); return this; }
        public Builder temperature(double t) { this.temperature = t; return this; }
        public Builder topP(double p) { this.topP = p; return this; }
        public Builder seed(Long s) { this.seed = s; return this; }
        public Builder draw(int d) { this.draw = d; return this; }

        public QuerySettings build() {
            return new QuerySettings(template, systemPrompt, history, temperature, topP, seed, draw);
        }
    }
}
