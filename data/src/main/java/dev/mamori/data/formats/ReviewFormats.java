package dev.mamori.data.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three-class sentiment corpora in their distributed formats, mapped as Ouyang et al. (2024) map them; classes are
 * {@link #CLASSES} (negative, neutral, positive). Every reader decodes strictly as UTF-8 and names the file and line of
 * a problem.
 * <ul>
 *   <li>Amazon reviews, JSON lines: the 2014/2018 releases ({@code reviewText}, {@code overall}) and the 2023 release
 *   ({@code text}, {@code rating}); stars 1-2 negative, 3 neutral, 4-5 positive (the paper's mapping).</li>
 *   <li>SST, Penn-treebank lines of the Stanford Sentiment Treebank ({@code (3 (2 It) (4 ...)))}, root label 0-4): the
 *   sentence is the leaves joined by spaces; 0-1 negative, 2 neutral, 3-4 positive.</li>
 *   <li>SST-2 as GLUE ships it is a TSV with {@code sentence} and {@code label}: {@link TextFiles#tsv}.</li>
 * </ul>
 */
public final class ReviewFormats {
    public static final List<String> CLASSES = List.of("negative", "neutral", "positive");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReviewFormats() {}

    /** The paper's star mapping: 1-2 negative (0), 3 neutral (1), 4-5 positive (2). */
    public static int starsToClass(double stars) {
        if (!(stars >= 1 && stars <= 5) || stars != Math.rint(stars)) throw new IllegalArgumentException("star rating must be 1..5, found " + stars);
        return stars <= 2 ? 0 : stars == 3 ? 1 : 2;
    }

    /** SST's five classes to three: 0-1 negative, 2 neutral, 3-4 positive. */
    public static int sstToClass(int fine) {
        if (fine < 0 || fine > 4) throw new IllegalArgumentException("SST label must be 0..4, found " + fine);
        return fine <= 1 ? 0 : fine == 2 ? 1 : 2;
    }

    /** Amazon reviews as JSON lines (either release's field names); records without text are skipped. */
    public static Dataset<TextExample> amazonJsonLines(Path file) throws IOException {
        String[] lines = StrictUtf8.read(file).split("\n", -1);
        List<TextExample> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw MalformedDataException.atLine(file, i + 1, "invalid JSON (" + e.getOriginalMessage() + ")");
            }
            if (n == null || !n.isObject()) throw MalformedDataException.atLine(file, i + 1, "expected a JSON object");
            JsonNode text = n.has("reviewText") ? n.get("reviewText") : n.get("text");
            JsonNode stars = n.has("overall") ? n.get("overall") : n.get("rating");
            if (stars == null || !stars.isNumber()) {
                throw MalformedDataException.atLine(file, i + 1, "no numeric star rating ('overall' or 'rating')");
            }
            if (text == null || !text.isTextual() || text.asText().isBlank()) continue;
            try {
                out.add(new TextExample(text.asText(), starsToClass(stars.asDouble())));
            } catch (IllegalArgumentException e) {
                throw MalformedDataException.atLine(file, i + 1, e.getMessage());
            }
        }
        return Dataset.of(out, CLASSES);
    }

    /** SST trees, one per line (train.txt, dev.txt, test.txt of trainDevTestTrees_PTB). */
    public static Dataset<TextExample> sstTrees(Path file) throws IOException {
        String[] lines = StrictUtf8.read(file).split("\n", -1);
        List<TextExample> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) continue;
            if (line.length() < 5 || line.charAt(0) != '(' || !Character.isDigit(line.charAt(1)) || line.charAt(line.length() - 1) != ')') {
                throw MalformedDataException.atLine(file, i + 1, "expected a tree like (3 (2 It) ...), found '" + abbreviate(line) + "'");
            }
            int fine = line.charAt(1) - '0';
            StringBuilder sentence = new StringBuilder();
            int depth = 0;
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch == '(') depth++;
                else if (ch == ')') depth--;
                if (depth < 0) throw MalformedDataException.atLine(file, i + 1, "unbalanced parentheses");
                // a leaf is "(label word)": the word follows the label and runs to the closing parenthesis
                if (ch == '(') {
                    int space = line.indexOf(' ', c);
                    int close = line.indexOf(')', c);
                    int open = line.indexOf('(', c + 1);
                    if (space > 0 && close > space && (open < 0 || open > close)) {
                        if (sentence.length() > 0) sentence.append(' ');
                        sentence.append(line, space + 1, close);
                    }
                }
            }
            if (depth != 0) throw MalformedDataException.atLine(file, i + 1, "unbalanced parentheses");
            try {
                out.add(new TextExample(sentence.toString(), sstToClass(fine)));
            } catch (IllegalArgumentException e) {
                throw MalformedDataException.atLine(file, i + 1, e.getMessage());
            }
        }
        return Dataset.of(out, CLASSES);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
