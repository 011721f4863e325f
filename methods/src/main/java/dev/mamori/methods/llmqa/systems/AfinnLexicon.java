package dev.mamori.methods.llmqa.systems;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.MalformedDataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * AFINN-165 word valences (Nielsen 2011; -5..+5) and the negators of the npm package {@code sentiment}
 * (languages/en/labels.json and negators.json), scored as that package scores: lower-case, strip punctuation, split on
 * spaces, sum the valences, and flip a word's valence when the token before it is a negator ("not good" = -3).
 */
public final class AfinnLexicon {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Integer> valences;
    private final Set<String> negators;

    public AfinnLexicon(Map<String, Integer> valences, Set<String> negators) {
        this.valences = Map.copyOf(valences);
        this.negators = Set.copyOf(negators);
    }

    /** The lexicon of the npm package installed under an npm prefix. */
    public static AfinnLexicon fromNpm(Path npmPrefix) throws IOException {
        Path dir = npmPrefix.resolve("node_modules/sentiment/languages/en");
        Path labels = dir.resolve("labels.json"), neg = dir.resolve("negators.json");
        for (Path p : List.of(labels, neg)) {
            if (!Files.isRegularFile(p)) throw new NoSuchFileException(p.toString(), null, "run: npm install --prefix " + npmPrefix + " sentiment");
        }
        Map<String, Integer> valences = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(labels).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber() || Math.abs(e.getValue().asInt()) > 5) {
                throw new MalformedDataException(labels, -1, "valence of '" + e.getKey() + "' must be an integer in [-5, 5], found " + e.getValue());
            }
            valences.put(e.getKey(), e.getValue().asInt());
        }
        Set<String> negators = new HashSet<>();
        object(neg).fieldNames().forEachRemaining(negators::add);
        return new AfinnLexicon(valences, negators);
    }

    private static JsonNode object(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new MalformedDataException(file, -1, "invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) throw new MalformedDataException(file, 0, "expected a JSON object of word -> number");
        return root;
    }

    /** The package's tokenizer: lower case, punctuation to spaces, split on runs of spaces. */
    public static List<String> tokens(String text) {
        String s = text.toLowerCase(Locale.ROOT).replace('\n', ' ').replaceAll("[.,/#!?$%^&*;:{}=_`\"~()]", " ").replaceAll("\\s\\s+", " ").strip();
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    /** The summed valence of a text. */
    public int score(String text) {
        List<String> tokens = tokens(text);
        int score = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Integer v = valences.get(tokens.get(i));
            if (v == null) continue;
            score += i > 0 && negators.contains(tokens.get(i - 1)) ? -v : v;
        }
        return score;
    }

    /** The valence of one word, 0 when it is not in the lexicon. */
    public int valence(String word) {
        return valences.getOrDefault(word.toLowerCase(Locale.ROOT), 0);
    }

    public int size() {
        return valences.size();
    }
}
