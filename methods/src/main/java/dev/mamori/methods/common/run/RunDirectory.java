package dev.mamori.methods.common.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.methods.common.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A run directory that a killed run can be resumed from: it holds the run's effective config ({@value #CONFIG}, so
 * that resuming needs no options), a {@link RunJournal} of the stages finished ({@value #JOURNAL}: one line per
 * stage, with what the stage measured) and one subdirectory per stage for its checkpoints and outputs.
 *
 * <p>How an experiment uses it (the shared mechanism for every experiment that trains):
 * <pre>{@code
 * try (RunDirectory run = RunDirectory.open(dir, config, resume ? Mode.RESUME : Mode.NEW)) {
 *     for (String model : models) {
 *         if (run.done("train/" + model)) { ...load its saved result...; continue; }
 *         // a Trainer checkpointing into run.stage(model) resumes the interrupted training from its last checkpoint
 *         ...train...
 *         run.markDone("train/" + model, result);
 *     }
 * }
 * }</pre>
 * A new run refuses a directory that already holds one (so a re-run can never mix two runs' checkpoints or append
 * duplicate metrics); resuming requires the stored config to be the one given (options that would change it are an
 * error naming the field: {@link ConfigException}).
 */
public final class RunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json", JOURNAL = "journal.jsonl";
    /** Files that mark a directory as holding a run, this version's or an earlier one's. */
    private static final List<String> MARKERS = List.of(CONFIG, JOURNAL, "checkpoints", "metrics.jsonl", "model.safetensors");
    private static final ObjectMapper CANONICAL = JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(SerializationFeature.INDENT_OUTPUT).build();

    private static final ObjectMapper READER = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** How to open a directory. */
    public enum Mode {
        /** A new run: the directory must not hold one. */
        NEW,
        /** Continue the run the directory holds; its stored config must equal the given one. */
        RESUME
    }

    private final Path dir;
    private final RunJournal journal;
    private final boolean resumed;

    private RunDirectory(Path dir, RunJournal journal, boolean resumed) {
        this.dir = dir;
        this.journal = journal;
        this.resumed = resumed;
    }

    /**
     * Opens {@code dir} for a run of {@code config} (a config bean, serialized as JSON). NEW writes the config;
     * RESUME checks it against the stored one.
     */
    public static RunDirectory open(Path dir, Object config, Mode mode) throws IOException {
        return open(dir, config, mode, Set.of());
    }

    /**
     * As {@link #open(Path, Object, Mode)}, where fields named {@code mayChange} (at any depth) may differ on resuming:
     * settings that do not change what the run computes, such as how often it checkpoints.
     */
    public static RunDirectory open(Path dir, Object config, Mode mode, Set<String> mayChange) throws IOException {
        JsonNode given = CANONICAL.valueToTree(config);
        String text = CANONICAL.writeValueAsString(given);
        String stored = text;
        if (mode == Mode.NEW) {
            Optional<String> marker = marker(dir);
            if (marker.isPresent()) {
                throw new IllegalArgumentException("run directory " + dir + " already holds a run (" + marker.get() + "); resume it with"
                        + " --resume " + dir + ", or choose another --out");
            }
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + CONFIG + ".tmp");
            Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
            JsonNode storedTree = storedConfig(dir);
            stored = CANONICAL.writeValueAsString(storedTree); // the journal belongs to the stored config
            List<String[]> diff = new ArrayList<>();
            differences("", storedTree, given, diff);
            diff.removeIf(d -> mayChange.contains(d[0].substring(d[0].lastIndexOf('.') + 1)));
            if (!diff.isEmpty()) {
                String[] d = diff.get(0);
                throw new ConfigException(null, d[0], "the value of the run being resumed (" + d[1] + " in " + configFile(dir) + ")", d[2]);
            }
        }
        return new RunDirectory(dir, new RunJournal(dir.resolve(JOURNAL), fingerprint(stored)), mode == Mode.RESUME);
    }

    /** The stored config of the run in {@code dir}, for resuming it without options. */
    public static Path configFile(Path dir) {
        return dir.resolve(CONFIG);
    }

    /** Whether {@code dir} holds a run (this version's or an earlier one's). */
    public static boolean holdsRun(Path dir) {
        return marker(dir).isPresent();
    }

    /** The config stored in a run directory, as JSON; a directory without one is an error saying why. */
    public static JsonNode storedConfig(Path dir) throws IOException {
        Path f = configFile(dir);
        if (!Files.isRegularFile(f)) {
            String why = !Files.isDirectory(dir) ? "there is no such directory"
                    : holdsRun(dir) ? "it was made by an earlier version of Mamori, which did not store its config; start it again"
                    : "it holds no run";
            throw new IllegalArgumentException("cannot resume " + dir + ": " + f.getFileName() + " is missing (" + why + ")");
        }
        try {
            return CANONICAL.readTree(f.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
        }
    }

    /** Whether {@code config} serializes to the config stored in {@code dir} (numbers compared by value). */
    public static boolean matchesStored(Path dir, Object config) throws IOException {
        List<String[]> diff = new ArrayList<>();
        differences("", storedConfig(dir), CANONICAL.valueToTree(config), diff);
        return diff.isEmpty();
    }

    private static Optional<String> marker(Path dir) {
        if (!Files.isDirectory(dir)) return Optional.empty();
        return MARKERS.stream().filter(m -> Files.exists(dir.resolve(m))).findFirst();
    }

    /** Field paths where two configs differ: [path, stored, given]. */
    private static void differences(String path, JsonNode stored, JsonNode given, List<String[]> out) {
        if (stored.isObject() && given.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            stored.fieldNames().forEachRemaining(names::add);
            given.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                differences(path.isEmpty() ? n : path + "." + n, stored.path(n), given.path(n), out);
            }
        } else if (stored.isArray() && given.isArray() && stored.size() == given.size()) {
            for (int i = 0; i < stored.size(); i++) differences(path + "[" + i + "]", stored.get(i), given.get(i), out);
        } else if (!sameValue(stored, given)) {
            out.add(new String[]{path, stored.isMissingNode() ? "absent" : stored.toString(), given.isMissingNode() ? "absent" : given.toString()});
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    private static String fingerprint(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Whether this run continues one that was started before. */
    public boolean resumed() {
        return resumed;
    }

    /** The directory of a stage (created): its checkpoints and outputs. */
    public Path stage(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p);
        return p;
    }

    /** Whether the stage was finished (by this process or one before it). */
    public boolean done(String stage) {
        return journal.get(stage).isPresent();
    }

    /** What a finished stage recorded. */
    public Optional<JsonNode> result(String stage) {
        return journal.get(stage);
    }

    /**
     * A field of what a finished stage recorded, read back as {@code type} (a record, a list or array of records, a
     * number): how a resumed run gets a skipped stage's measurements. NaN, recorded as the string "NaN", reads back as
     * NaN; properties a type derives ({@code isEmpty()} and the like) are ignored.
     */
    public <T> T result(String stage, String field, Class<T> type) {
        JsonNode n = result(stage).orElseThrow(() -> new IllegalStateException("stage " + stage + " is not finished in " + dir))
                .get(field);
        if (n == null) throw new IllegalStateException(journal.file() + ": the finished stage " + stage + " records no '" + field + "'");
        try {
            return READER.treeToValue(n, type);
        } catch (IOException e) {
            throw new IllegalStateException(journal.file() + ": the '" + field + "' of the finished stage " + stage + " is not a valid "
                    + type.getSimpleName() + " (" + e.getMessage().split("\n")[0] + ")", e);
        }
    }

    /** Records a stage as finished, with what it measured (may be empty); a stage recorded before keeps its first record. */
    public void markDone(String stage, Map<String, ?> result) {
        if (done(stage)) return;
        ObjectNode n = CANONICAL.createObjectNode();
        result.forEach((k, v) -> n.set(k, CANONICAL.valueToTree(v)));
        journal.record(stage, n);
    }

    public RunJournal journal() {
        return journal;
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
