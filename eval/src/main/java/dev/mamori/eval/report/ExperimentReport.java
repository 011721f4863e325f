package dev.mamori.eval.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.eval.metrics.Confidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an experiment report and writes it as a directory:
 * <pre>
 *   results.json   machine-readable: name, config, seed, versions, timings, metrics, tables, figures
 *   report.md      the same for people, in Markdown
 *   report.html    self-contained HTML (inline CSS); figures are the PNG files below, referenced relatively
 *   figures/*.png
 * </pre>
 * Content is added in reading order: {@link #section} starts a section, and {@link #paragraph}, {@link #table} and
 * {@link #figure} append to the current one.
 *
 * <p>Before anything is written, every text output and the text drawn into figures is checked against
 * {@link ForbiddenStrings#global()} and this report's own {@link #forbid registrations}; a match throws
 * {@link ForbiddenContentException} and leaves the directory untouched. Each file is written atomically (temporary
 * file + rename); results.json is written last, so its presence means the report is complete. The report itself only
 * writes what it was given plus the versions of Mamori, Java and ND4J (no host, user, path or environment).
 */
public final class ExperimentReport {
    private final String name;
    private Long seed;
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Duration> timings = new LinkedHashMap<>();
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private final Set<String> figureNames = new HashSet<>();
    private final ForbiddenStrings forbidden = new ForbiddenStrings();
    private double confidence = Confidence.DEFAULT;
    private RuntimeVersions versions;

    private ExperimentReport(String name) {
        this.name = name;
    }

    public static ExperimentReport named(String experimentName) {
        if (experimentName == null || experimentName.isBlank()) throw new IllegalArgumentException("an experiment report needs a name");
        return new ExperimentReport(experimentName);
    }

    public ExperimentReport seed(long value) {
        this.seed = value;
        return this;
    }

    /** One configuration entry; any value Jackson can serialise (numbers, strings, lists, maps, records). */
    public ExperimentReport config(String key, Object value) {
        ResultsJson.configNode(Collections.singletonMap(key, value)); // fails here, not at write time
        config.put(key, value);
        return this;
    }

    public ExperimentReport config(Map<String, ?> values) {
        values.forEach(this::config);
        return this;
    }

    /** How long a phase took (training, attack, evaluation); recorded in seconds. */
    public ExperimentReport timing(String phase, Duration duration) {
        if (duration.isNegative()) throw new IllegalArgumentException("timing '" + phase + "' is negative: " + duration);
        timings.put(phase, duration);
        return this;
    }

    /** A headline result: a Number, Proportion (gets a Wilson interval), Estimate, Summary or Interval. */
    public ExperimentReport metric(String metricName, Object value) {
        if (value == null) throw new IllegalArgumentException("metric '" + metricName + "' is null");
        Table.checkCell(value, "metric '" + metricName + "'");
        metrics.put(metricName, value);
        return this;
    }

    /** Confidence level for the intervals of the headline metrics (default 0.95); tables have their own. */
    public ExperimentReport confidence(double level) {
        Confidence.zScore(level);
        this.confidence = level;
        return this;
    }

    /** Overrides the detected versions (for reproducible output in tests or when re-rendering old results). */
    public ExperimentReport versions(RuntimeVersions runtimeVersions) {
        this.versions = runtimeVersions;
        return this;
    }

    public ExperimentReport section(String title) {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("a section needs a title");
        sections.add(new Section(title));
        return this;
    }

    /** Plain text (Markdown syntax is kept in report.md; report.html shows it literally). */
    public ExperimentReport paragraph(String text) {
        current().blocks().add(text);
        return this;
    }

    public ExperimentReport table(Table table) {
        current().blocks().add(table);
        return this;
    }

    public ExperimentReport figure(Figure figure) {
        if (!figureNames.add(figure.fileName())) throw new IllegalArgumentException("two figures are named " + figure.fileName());
        current().blocks().add(figure);
        return this;
    }

    /** Forbids a string in this report's output (see {@link ForbiddenStrings}). */
    public ExperimentReport forbid(String label, String value) {
        forbidden.register(label, value);
        return this;
    }

    /** This report's own registry, e.g. for {@link ForbiddenStrings#registerBytes}. */
    public ForbiddenStrings forbiddenStrings() {
        return forbidden;
    }

    /**
     * Writes the report into {@code directory} (created if needed; existing report files are replaced).
     *
     * @throws ForbiddenContentException if any output would contain a forbidden string; nothing is written then
     */
    public WrittenReport writeTo(Path directory) throws IOException {
        RuntimeVersions v = versions != null ? versions : RuntimeVersions.detect();
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String json = ResultsJson.render(this, v, created);
        String markdown = MarkdownRenderer.render(this, v, created);
        String html = HtmlRenderer.render(this, v, created);

        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("results.json", json);
        texts.put("report.md", markdown);
        texts.put("report.html", html);
        for (Figure f : figures()) texts.put(f.relativePath() + " (text drawn into the image)", String.join("\n", f.drawnText()));
        try {
            for (Map.Entry<String, String> t : texts.entrySet()) {
                ForbiddenStrings.global().check(t.getKey(), t.getValue());
                forbidden.check(t.getKey(), t.getValue());
            }
        } catch (ForbiddenContentException e) {
            throw new ForbiddenContentException("refusing to write the report to " + directory + ": " + e.getMessage() + "; nothing was written");
        }

        Files.createDirectories(directory);
        List<Path> written = new ArrayList<>();
        for (Figure f : figures()) {
            Path target = directory.resolve(f.relativePath());
            AtomicFiles.writePng(target, f.image());
            written.add(target);
        }
        Path md = directory.resolve("report.md");
        Path htmlFile = directory.resolve("report.html");
        Path results = directory.resolve("results.json");
        AtomicFiles.writeString(md, markdown);
        AtomicFiles.writeString(htmlFile, html);
        AtomicFiles.writeString(results, json);
        return new WrittenReport(directory, results, md, htmlFile, written);
    }

    private Section current() {
        if (sections.isEmpty()) sections.add(new Section(null));
        return sections.get(sections.size() - 1);
    }

    private List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (Section s : sections) for (Object b : s.blocks()) if (b instanceof Figure f) out.add(f);
        return out;
    }

    // Read by the renderers.

    String name() {
        return name;
    }

    Long seed() {
        return seed;
    }

    ObjectNode config() {
        return ResultsJson.configNode(config);
    }

    Map<String, Duration> timings() {
        return Collections.unmodifiableMap(timings);
    }

    Map<String, Object> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    double confidence() {
        return confidence;
    }

    List<Section> sections() {
        return Collections.unmodifiableList(sections);
    }

    /** The header tables shared by the Markdown and HTML renderers. */
    List<Table> overviewTables(RuntimeVersions v, String created) {
        List<Table> out = new ArrayList<>();
        Table run = Table.of("Run", "item", "value")
                .row("experiment", name)
                .row("seed", seed == null ? "not set" : seed.toString())
                .row("created (UTC)", created)
                .row("Mamori", v.mamori())
                .row("Java", v.java())
                .row("ND4J", v.nd4j() + ", " + v.nd4jBackend());
        out.add(run);
        ObjectNode cfg = config();
        if (!cfg.isEmpty()) {
            Table t = Table.of("Configuration", "key", "value");
            cfg.fields().forEachRemaining(e -> t.row(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            out.add(t);
        }
        if (!metrics.isEmpty()) {
            Table t = Table.of("Metrics", "metric", "value").confidence(confidence);
            metrics.forEach(t::row);
            out.add(t);
        }
        if (!timings.isEmpty()) {
            Table t = Table.of("Timings", "phase", "seconds");
            timings.forEach((phase, d) -> t.row(phase, d.toNanos() / 1e9));
            out.add(t);
        }
        return out;
    }
}
