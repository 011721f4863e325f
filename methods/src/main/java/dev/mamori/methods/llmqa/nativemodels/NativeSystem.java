package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.llmqa.ChatTurn;
import dev.mamori.methods.llmqa.QuerySettings;
import dev.mamori.methods.llmqa.Sentiment;
import dev.mamori.methods.llmqa.SentimentAnswer;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.nn.Module;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A trained native model as a {@link SentimentSystem}.
 * <ul>
 *   <li>Classifiers (TextCNN, transformer) read the review only and answer the arg-max label: deterministic, blind to
 *   the prompt, temperature and history.</li>
 *   <li>The language model reads the whole conversation as a chat model does (system prompt, history, the rendered
 *   prompt, a separator) and samples the next token from its distribution over the whole vocabulary: temperature (0 =
 *   arg-max), nucleus top_p, and the request's seed (or fresh randomness without one). A sampled token that is not one
 *   of the answer words is an INVALID answer, as an LLM's off-format answer is.</li>
 * </ul>
 * Scores are the softmax over the three labels (the language model's answer-word probabilities, renormalized).
 * Concurrent calls share forward passes ({@link ForwardBatcher}, up to {@link #DEFAULT_MAX_BATCH} inputs a pass): the
 * model runs on one thread at a time, and since padding is masked a query's answer does not depend on what it was
 * batched with (up to float rounding).
 */
public final class NativeSystem implements SentimentSystem {
    private final NativeKind kind;
    private final Module model;
    private final WordVocabulary vocabulary;
    private final SplittableRandom unseeded = new SplittableRandom();
    private final int[] answerIds;
    private final ForwardBatcher batcher;
    /** The most queries one forward pass answers by default. */
    public static final int DEFAULT_MAX_BATCH = 16;

    public NativeSystem(NativeKind kind, Module model, WordVocabulary vocabulary) {
        this(kind, model, vocabulary, DEFAULT_MAX_BATCH);
    }

    /** A system whose concurrent calls share forward passes of at most {@code maxBatch} inputs (1: one at a time). */
    public NativeSystem(NativeKind kind, Module model, WordVocabulary vocabulary, int maxBatch) {
        this.kind = kind;
        this.model = model;
        this.vocabulary = vocabulary;
        this.answerIds = WordVocabulary.ANSWERS.stream().mapToInt(vocabulary::id).toArray();
        // TextCNN max-pools over the padded length, so only inputs of one padded length share a pass
        this.batcher = new ForwardBatcher(this::forward, kind == NativeKind.TEXTCNN ? this::paddedLength : input -> 0, maxBatch);
        model.eval();
    }

    /** The same model with another batching limit (a server's choice). */
    public NativeSystem withMaxBatch(int maxBatch) {
        return new NativeSystem(kind, model, vocabulary, maxBatch);
    }

    /**
     * What the model has done so far: forward passes, queries answered by them, and seconds it was busy (wall time
     * inside passes). Busy seconds over elapsed seconds says whether the one model thread limits a server's rate.
     */
    public record Usage(long passes, long queries, double busySeconds) {
        public double meanBatch() {
            return passes == 0 ? Double.NaN : (double) queries / passes;
        }
    }

    public Usage usage() {
        ForwardBatcher.Stats s = batcher.stats();
        return new Usage(s.passes(), s.inputs(), s.busyNanos() / 1e9);
    }

    @Override
    public String name() {
        return kind.id();
    }

    @Override
    public boolean stochastic() {
        return kind == NativeKind.LM;
    }

    @Override
    public boolean scored() {
        return true;
    }

    public NativeKind kind() {
        return kind;
    }

    public Module model() {
        return model;
    }

    public WordVocabulary vocabulary() {
        return vocabulary;
    }

    /** Token ids of what the model reads for a review under some settings (before padding). */
    public int[] input(String review, QuerySettings settings) {
        if (kind != NativeKind.LM) {
            int[] ids = vocabulary.encode(review);
            return ids.length > kind.maxLength ? Arrays.copyOf(ids, kind.maxLength) : ids;
        }
        List<Integer> ids = new ArrayList<>();
        for (ChatTurn t : settings.messages(review)) {
            for (int id : vocabulary.encode(t.content())) ids.add(id);
            ids.add(vocabulary.id(WordVocabulary.SEP));
        }
        int from = Math.max(0, ids.size() - kind.maxLength); // keep the end: the prompt and the review
        return ids.subList(from, ids.size()).stream().mapToInt(Integer::intValue).toArray();
    }

    private int paddedLength(int[] sequence) {
        return Math.max(sequence.length, kind == NativeKind.TEXTCNN ? TextCnn.WIDTHS[TextCnn.WIDTHS.length - 1] : 1);
    }

    /** A padded batch [B, T]: classifiers pad on the right (to at least the widest convolution), the LM on the left. */
    public INDArray batch(List<int[]> sequences) {
        int t = sequences.stream().mapToInt(this::paddedLength).max().orElse(1);
        float[] data = new float[sequences.size() * t];
        for (int i = 0; i < sequences.size(); i++) {
            int[] s = sequences.get(i);
            int offset = kind == NativeKind.LM ? t - s.length : 0;
            for (int j = 0; j < s.length; j++) data[i * t + offset + j] = s[j];
        }
        return Nd4j.create(data, new long[]{sequences.size(), t});
    }

    /** Logits, one row per input, of one forward pass without a tape (called by one thread at a time). */
    double[][] forward(List<int[]> inputs) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return model.call(Tensor.of(batch(inputs))).value().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
        }
    }

    @Override
    public SentimentAnswer classify(String review, QuerySettings settings) {
        SentimentSystem.requireReview(review);
        double[] logits = batcher.apply(input(review, settings));
        if (kind != NativeKind.LM) {
            double[] p = softmax(logits, 1);
            int best = argMax(p);
            Sentiment label = Sentiment.LABELS.get(best);
            return new SentimentAnswer(label, label.word(), p, false);
        }
        double[] answers = new double[answerIds.length];
        for (int i = 0; i < answerIds.length; i++) answers[i] = logits[answerIds[i]];
        double[] scores = softmax(answers, 1);
        int token;
        if (settings.temperature() == 0) {
            token = argMax(logits);
        } else {
            SplittableRandom rng = settings.seed() != null ? new SplittableRandom(settings.seed()) : nextRandom();
            token = Sampling.topP(softmax(logits, settings.temperature()), settings.topP(), rng);
        }
        String raw = vocabulary.word(token);
        return new SentimentAnswer(dev.mamori.methods.llmqa.AnswerParser.parse(raw), raw, scores, false);
    }

    private synchronized SplittableRandom nextRandom() {
        return unseeded.split();
    }

    static double[] softmax(double[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / temperature);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
