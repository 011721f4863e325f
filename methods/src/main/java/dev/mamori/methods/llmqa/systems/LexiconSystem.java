package dev.mamori.methods.llmqa.systems;

import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.Sentiment;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.methods.llmqa.SentimentSystem;

/**
 * The AFINN lexicon as a system: a positive summed valence is POSITIVE, negative NEGATIVE, zero NEUTRAL. Deterministic
 * and prompt-blind, it is the stable baseline the LLM-like systems are compared with. Its scores are a softmax of
 * (-s, 0, +s) over the three labels, so a greedy attack can rank words by the drop in confidence.
 */
public final class LexiconSystem implements SentimentSystem {
    private final AfinnLexicon lexicon;

    public LexiconSystem(AfinnLexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public String name() {
        return "lexicon";
    }

    @Override
    public SentimentAnswer classify(String review, QuerySettings settings) {
        int s = lexicon.score(SentimentSystem.requireReview(review));
        Sentiment label = s > 0 ? Sentiment.POSITIVE : s < 0 ? Sentiment.NEGATIVE : Sentiment.NEUTRAL;
        double[] logits = {-s, 0, s};
        return new SentimentAnswer(label, label.word(), softmax(logits), false);
    }

    @Override
    public boolean scored() {
        return true;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i] - max);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }
}
