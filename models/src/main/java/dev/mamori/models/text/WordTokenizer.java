package dev.mamori.models.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level tokenizer fitted on captions (not CLIP's byte-pair encoding: our captions are short emoji names, and
 * whole words keep the vocabulary readable). A text is lower-cased and split into letter runs (inner apostrophes
 * kept), digit runs and single punctuation marks; it becomes {@code <|startoftext|>}, its words' ids (unknown words
 * {@code <unk>}), {@code <|endoftext|>}, then {@code <pad>} up to the context length. A text with more words than the
 * context holds is truncated (its end-of-text token kept) and reported to a warning sink, never an error: Stable
 * Diffusion's pipelines truncate at 77 tokens the same way.
 *
 * <p>Saved as {@code vocab.json} (token to id) and {@code tokenizer_config.json} (context length, class) in a
 * tokenizer folder, as transformers' tokenizers are.
 */
public final class WordTokenizer {
    public static final String PAD = "<pad>", UNK = "<unk>", BOS = "<|startoftext|>", EOS = "<|endoftext|>";
    public static final int PAD_ID = 0, UNK_ID = 1, BOS_ID = 2, EOS_ID = 3;
    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:'\\p{L}+)*|\\p{N}+|[^\\s\\p{L}\\p{N}]");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The class name written in tokenizer_config.json, checked when loading. */
    public static final String CLASS_NAME = "MamoriWordTokenizer";

    private final List<String> vocabulary;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int contextLength;

    /** A tokenizer over this vocabulary (the four special tokens first, in their id order). */
    public WordTokenizer(List<String> vocabulary, int contextLength) {
        if (vocabulary.size() < 4 || !vocabulary.subList(0, 4).equals(List.of(PAD, UNK, BOS, EOS))) {
            throw new IllegalArgumentException("a word vocabulary starts with " + List.of(PAD, UNK, BOS, EOS));
        }
        if (contextLength < 3) throw new IllegalArgumentException("context length must be >= 3 (start, one word, end), got " + contextLength);
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            if (ids.put(vocabulary.get(i), i) != null) throw new IllegalArgumentException("vocabulary lists '" + vocabulary.get(i) + "' twice");
        }
        this.contextLength = contextLength;
    }

    /** Fits a vocabulary on texts: every word seen at least {@code minCount} times, most frequent first (ties alphabetical). */
    public static WordTokenizer fit(Collection<String> texts, int minCount, int contextLength) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : texts) for (String w : words(t)) counts.merge(w, 1, Integer::sum);
        List<String> vocab = new ArrayList<>(List.of(PAD, UNK, BOS, EOS));
        counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()))
                .forEach(e -> vocab.add(e.getKey()));
        return new WordTokenizer(vocab, contextLength);
    }

    /** The words of a text: lower-cased letter runs, digit runs and single punctuation marks. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    /**
     * One encoded text.
     *
     * @param ids         [contextLength] token ids
     * @param eosPosition where {@code <|endoftext|>} is (the pooled position)
     * @param dropped     words cut off by truncation (0: none)
     */
    public record Encoding(int[] ids, int eosPosition, int dropped) {
        public boolean truncated() {
            return dropped > 0;
        }
    }

    /** Texts encoded together: ids [B, L] (int64) and the end-of-text positions [B]. */
    public record Batch(INDArray ids, int[] eosPositions) {
        public int size() {
            return eosPositions.length;
        }
    }

    /** Encodes one text, truncating silently (see {@link #encode(String, Consumer)} for the warning). */
    public Encoding encode(String text) {
        List<String> w = words(text);
        int room = contextLength - 2;
        int kept = Math.min(room, w.size());
        int[] out = new int[contextLength];
        out[0] = BOS_ID;
        for (int i = 0; i < kept; i++) out[i + 1] = ids.getOrDefault(w.get(i), UNK_ID);
        out[kept + 1] = EOS_ID;
        for (int i = kept + 2; i < contextLength; i++) out[i] = PAD_ID;
        return new Encoding(out, kept + 1, w.size() - kept);
    }

    /** Encodes one text; a truncated one is reported to {@code warnings} with what was dropped. */
    public Encoding encode(String text, Consumer<String> warnings) {
        Encoding e = encode(text);
        if (e.truncated() && warnings != null) {
            List<String> w = words(text);
            warnings.accept("prompt \"" + text + "\" has " + w.size() + " words but the text encoder's context holds " + (contextLength - 2)
                    + ": truncated, dropping \"" + String.join(" ", w.subList(w.size() - e.dropped(), w.size())) + "\"");
        }
        return e;
    }

    /** Encodes texts as one batch, reporting truncations to {@code warnings} (may be null). */
    public Batch encodeBatch(List<String> texts, Consumer<String> warnings) {
        long[] flat = new long[texts.size() * contextLength];
        int[] eos = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            Encoding e = encode(texts.get(i), warnings);
            for (int j = 0; j < contextLength; j++) flat[i * contextLength + j] = e.ids()[j];
            eos[i] = e.eosPosition();
        }
        return new Batch(Nd4j.createFromArray(flat).reshape(texts.size(), contextLength), eos);
    }

    /** Batches already encoded texts (rows of a caption table, for instance). */
    public static Batch batch(List<Encoding> encodings) {
        if (encodings.isEmpty()) throw new IllegalArgumentException("no texts to batch");
        int l = encodings.get(0).ids().length;
        long[] flat = new long[encodings.size() * l];
        int[] eos = new int[encodings.size()];
        for (int i = 0; i < encodings.size(); i++) {
            int[] row = encodings.get(i).ids();
            if (row.length != l) throw new IllegalArgumentException("encodings of different lengths " + l + " and " + row.length);
            for (int j = 0; j < l; j++) flat[i * l + j] = row[j];
            eos[i] = encodings.get(i).eosPosition();
        }
        return new Batch(Nd4j.createFromArray(flat).reshape(encodings.size(), l), eos);
    }

    /** The id of a token ({@code <unk>}'s for one outside the vocabulary). */
    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    public String token(int id) {
        return vocabulary.get(id);
    }

    public int vocabSize() {
        return vocabulary.size();
    }

    public int contextLength() {
        return contextLength;
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    // ------------------------------------------------------------------ files

    /** Writes {@code vocab.json} and {@code tokenizer_config.json} into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode vocab = JSON.createObjectNode();
        for (int i = 0; i < vocabulary.size(); i++) vocab.put(vocabulary.get(i), i);
        Files.writeString(dir.resolve("vocab.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(vocab), StandardCharsets.UTF_8);
        ObjectNode cfg = JSON.createObjectNode();
        cfg.put("tokenizer_class", CLASS_NAME);
        cfg.put("model_max_length", contextLength);
        cfg.put("do_lower_case", true);
        cfg.put("pad_token", PAD);
        cfg.put("unk_token", UNK);
        cfg.put("bos_token", BOS);
        cfg.put("eos_token", EOS);
        Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(cfg), StandardCharsets.UTF_8);
    }

    /** Reads a tokenizer folder written by {@link #save}; a malformed file is an error naming it and the field. */
    public static WordTokenizer load(Path dir) throws IOException {
        Path cfgFile = dir.resolve("tokenizer_config.json"), vocabFile = dir.resolve("vocab.json");
        JsonNode cfg = readJson(cfgFile);
        if (!CLASS_NAME.equals(cfg.path("tokenizer_class").asText())) {
            throw new IOException(cfgFile + ": field 'tokenizer_class' is '" + cfg.path("tokenizer_class").asText() + "', expected " + CLASS_NAME
                    + " (a word-level tokenizer written by Mamori; CLIP's BPE tokenizer is not supported)");
        }
        JsonNode len = cfg.path("model_max_length");
        if (!len.canConvertToInt() || len.asInt() < 3 || len.asInt() > 4096) {
            throw new IOException(cfgFile + ": field 'model_max_length' must be an integer in [3, 4096], got " + len);
        }
        JsonNode vocab = readJson(vocabFile);
        if (!vocab.isObject() || vocab.size() < 4 || vocab.size() > 10_000_000) throw new IOException(vocabFile + ": expected an object of token ids");
        String[] byId = new String[vocab.size()];
        for (var it = vocab.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0 || e.getValue().asInt() >= byId.length || byId[e.getValue().asInt()] != null) {
                throw new IOException(vocabFile + ": token '" + e.getKey() + "' has id " + e.getValue() + "; ids must be 0.." + (byId.length - 1) + ", each once");
            }
            byId[e.getValue().asInt()] = e.getKey();
        }
        try {
            return new WordTokenizer(List.of(byId), len.asInt());
        } catch (IllegalArgumentException e) {
            throw new IOException(vocabFile + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": no such file");
        if (Files.size(file) > 512L * 1024 * 1024) throw new IOException(file + ": " + Files.size(file) + " bytes is too large for a tokenizer file");
        try {
            return JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
