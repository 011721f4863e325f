package dev.mamori.data.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.mamori.data.Dataset;
import dev.mamori.data.MalformedDataException;
import dev.mamori.data.TextExample;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text classification files: JSON lines and CSV/TSV with a header, text and label columns named by the caller.
 * Labels may be integers (used as class indices) or names (classes sorted); see {@link LabelVocabulary}.
 */
public final class TextFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextFiles() {}

    /** One JSON object per line, e.g. {"text": "...", "label": 1}; blank lines are skipped. */
    public static Dataset<TextExample> jsonLines(Path file, String textField, String labelField) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        int start = 0;
        long line = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') end++;
            line++;
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            if (!text.isBlank()) {
                JsonNode node;
                try {
                    node = JSON.readTree(bytes, start, end - start);
                } catch (JsonProcessingException e) {
                    JsonLocation loc = e.getLocation();
                    long offset = start + (loc == null || loc.getByteOffset() < 0 ? 0 : loc.getByteOffset());
                    throw new MalformedDataException(file, offset, "line " + line + ": invalid JSON (" + e.getOriginalMessage() + ")", e);
                }
                if (node == null || !node.isObject()) {
                    throw new MalformedDataException(file, start, "line " + line + ": expected a JSON object");
                }
                JsonNode t = node.get(textField), l = node.get(labelField);
                if (t == null || !t.isTextual()) {
                    throw new MalformedDataException(file, start, "line " + line + ": field '" + textField + "' is missing or not a string");
                }
                if (l == null || !(l.isIntegralNumber() || l.isTextual())) {
                    throw new MalformedDataException(file, start, "line " + line + ": field '" + labelField
                            + "' is missing or not an integer or string");
                }
                texts.add(t.asText());
                labels.add(l.asText());
                lines.add(line);
            }
            start = end + 1;
        }
        return build(file, texts, labels, lines, LabelVocabulary.infer(labels));
    }

    /** Comma-separated values with a header row and RFC 4180 quoting. */
    public static Dataset<TextExample> csv(Path file, String textColumn, String labelColumn) throws IOException {
        return delimited(file, ',', true, textColumn, labelColumn);
    }

    /** Tab-separated values with a header row; quotes are ordinary characters (as in most TSV corpora). */
    public static Dataset<TextExample> tsv(Path file, String textColumn, String labelColumn) throws IOException {
        return delimited(file, '\t', false, textColumn, labelColumn);
    }

    /** Delimited text with a header row naming the columns. */
    public static Dataset<TextExample> delimited(Path file, char separator, boolean quoting, String textColumn,
                                                 String labelColumn) throws IOException {
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
        if (!quoting) schema = schema.withoutQuoteChar();
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class).with(schema).readValues(reader)) {
            long row = 0;
            boolean checkedHeader = false;
            while (true) {
                long line = rows.getParser().getCurrentLocation().getLineNr();
                Map<String, String> values;
                try {
                    if (!rows.hasNextValue()) break;
                    values = rows.nextValue();
                } catch (RuntimeJsonMappingException | JsonProcessingException e) {
                    throw MalformedDataException.atLine(file, Math.max(line, 1), "row " + (row + 1) + ": " + message(e));
                }
                row++;
                if (!checkedHeader) {
                    List<String> columns = new ArrayList<>();
                    ((CsvSchema) rows.getParserSchema()).forEach(c -> columns.add(c.getName()));
                    for (String needed : List.of(textColumn, labelColumn)) {
                        if (!columns.contains(needed)) {
                            throw MalformedDataException.atLine(file, 1, "no column '" + needed + "' in the header; columns are " + columns);
                        }
                    }
                    checkedHeader = true;
                }
                String text = values.get(textColumn), label = values.get(labelColumn);
                if (text == null || label == null) {
                    throw MalformedDataException.atLine(file, line, "row " + row + " has no value for column '"
                            + (text == null ? textColumn : labelColumn) + "' (too few fields)");
                }
                texts.add(text);
                labels.add(label.strip());
                lines.add(line);
            }
        }
        return build(file, texts, labels, lines, LabelVocabulary.infer(labels));
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    static Dataset<TextExample> build(Path file, List<String> texts, List<String> labels, List<Long> lines,
                                      LabelVocabulary vocabulary) throws MalformedDataException {
        List<TextExample> examples = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            int label = vocabulary.indexOf(labels.get(i));
            if (label < 0) {
                throw MalformedDataException.atLine(file, lines.get(i), "label '" + labels.get(i) + "' is not one of "
                        + vocabulary.classes());
            }
            examples.add(new TextExample(texts.get(i), label));
        }
        return Dataset.of(examples, vocabulary.classes());
    }
}
