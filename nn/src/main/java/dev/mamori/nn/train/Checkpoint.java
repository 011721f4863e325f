package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training checkpoint: one file {@code <name>.safetensors} holding every module's state ("module.<name>."), every
 * optimizer's state ("optim.<name>.") and every EMA ("ema.<module>."), with the rest of the run's state as JSON in the
 * file's metadata (key {@value #STATE_KEY}): the position (epoch, batch in epoch, global step), the seed (all
 * randomness is derived from seed and step, so this is the RNG state), the running sums of a partly done epoch, the
 * EMA update counts and the metrics history. The file is written under a temporary name and renamed, so a process
 * killed at any moment (kill -9) leaves either the previous checkpoint or the new one, never a mixture or nothing.
 */
public final class Checkpoint {
    public static final String FORMAT = "mamori-checkpoint-2";
    public static final String STATE_KEY = "mamori.checkpoint";
    private static final String FORMAT_1 = "mamori-checkpoint-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /** Where a training position stands: the next batch to train is batch {@code batchInEpoch} of {@code epoch}. */
    public record Position(int epoch, int batchInEpoch, long step, long seed) {}

    /** What a checkpoint holds tensors of, by name (names must not contain '.'). */
    public record Parts(Map<String, Module> modules, Map<String, Optimizer> optimizers, Map<String, Ema> emas) {
        public Parts {
            modules = new LinkedHashMap<>(modules);
            optimizers = new LinkedHashMap<>(optimizers);
            emas = new LinkedHashMap<>(emas);
        }

        /** One model under the name "model", its optimizer (or null) and EMA (or null). */
        public static Parts single(Module model, Optimizer optimizer, Ema ema) {
            return new Parts(Map.of("model", model), optimizer == null ? Map.of() : Map.of("model", optimizer),
                    ema == null ? Map.of() : Map.of("model", ema));
        }
    }

    /** A loaded checkpoint's position, history, running sums of a partly done epoch (or null), and free-form info. */
    public record Loaded(Position position, List<EpochRecord> history, RunningMetrics partialEpoch, JsonNode info) {}

    public static Path file(Path dir, String name) {
        return dir.resolve(name + ".safetensors");
    }

    public static boolean exists(Path dir, String name) {
        return Files.isRegularFile(file(dir, name));
    }

    /**
     * Writes the checkpoint atomically. {@code partialEpoch} is null at an epoch boundary; {@code info} is free-form
     * JSON-serializable description (classes, parameter counts).
     */
    public static void save(Path dir, String name, Parts parts, Position pos, List<EpochRecord> history,
                            RunningMetrics partialEpoch, Map<String, Object> info) throws IOException {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        parts.modules().forEach((n, m) -> StateDicts.of(m).forEach((k, v) -> tensors.put("module." + checkName(n) + "." + k, v)));
        parts.optimizers().forEach((n, o) -> o.stateDict().forEach((k, v) -> tensors.put("optim." + checkName(n) + "." + k, v)));
        parts.emas().forEach((n, e) -> e.stateDict().forEach((k, v) -> tensors.put("ema." + checkName(n) + "." + k, v)));

        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT);
        state.put("epoch", pos.epoch());
        state.put("batch_in_epoch", pos.batchInEpoch());
        state.put("step", pos.step());
        state.put("seed", pos.seed());
        ArrayNode modules = state.putArray("modules");
        parts.modules().keySet().forEach(modules::add);
        ArrayNode optimizers = state.putArray("optimizers");
        parts.optimizers().keySet().forEach(optimizers::add);
        ObjectNode emaUpdates = state.putObject("ema_updates");
        parts.emas().forEach((n, e) -> emaUpdates.put(n, e.updates()));
        if (partialEpoch != null) state.set("partial_epoch", partialEpoch.toJson());
        ArrayNode h = state.putArray("history");
        history.forEach(r -> h.add(r.toJson()));
        state.set("info", JSON.valueToTree(info)); // may fail (an unserializable value): before anything is written
        Files.createDirectories(dir);
        deleteStaleTemporaries(dir, name);
        SafeTensors.write(file(dir, name), tensors, Map.of("format", FORMAT, STATE_KEY, JSON.writeValueAsString(state)));
    }

    /** Temporary files of a write that a killed process never finished (one directory belongs to one run). */
    private static void deleteStaleTemporaries(Path dir, String name) throws IOException {
        String prefix = "." + name + ".safetensors";
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith(prefix) && f.endsWith(".tmp")) Files.deleteIfExists(p);
            }
        }
    }

    /** Only the position, history and info (no tensors are loaded into anything). */
    public static Loaded read(Path dir, String name) throws IOException {
        Path f = existing(dir, name);
        return parse(f, state(f, SafeTensors.read(f).metadata()));
    }

    /**
     * Restores the modules and EMAs (and, with {@code optimizers}, the optimizers) of {@code parts} in place from the
     * checkpoint; returns its position and history. Names must match: a module or optimizer missing on either side is
     * an error naming both sets.
     */
    public static Loaded load(Path dir, String name, Parts parts, boolean optimizers) throws IOException {
        Path f = existing(dir, name);
        SafeTensors.Contents contents = SafeTensors.read(f);
        JsonNode state = state(f, contents.metadata());
        Loaded loaded = parse(f, state);
        Map<String, INDArray> all = contents.tensors();
        sameNames(f, "modules", names(state, "modules", f), parts.modules().keySet());
        parts.modules().forEach((n, m) -> StateDicts.load(m, withPrefix(all, "module." + n + "."), true, f + " (module '" + n + "')"));
        if (optimizers) {
            sameNames(f, "optimizers", names(state, "optimizers", f), parts.optimizers().keySet());
            parts.optimizers().forEach((n, o) -> {
                try {
                    o.loadStateDict(withPrefix(all, "optim." + n + "."));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(f + " (optimizer '" + n + "'): " + e.getMessage(), e);
                }
            });
        }
        JsonNode updates = state.path("ema_updates");
        for (Map.Entry<String, Ema> e : parts.emas().entrySet()) {
            Map<String, INDArray> shadow = withPrefix(all, "ema." + e.getKey() + ".");
            // a checkpoint made without this EMA restarts it at the live weights; one with it must say how far it got
            if (!shadow.isEmpty() && !updates.path(e.getKey()).isIntegralNumber()) {
                throw new IOException(f + ": field 'ema_updates." + e.getKey() + "' is missing or not an integer");
            }
            try {
                e.getValue().load(shadow, updates.path(e.getKey()).asLong(0));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(f + " (EMA of '" + e.getKey() + "'): " + ex.getMessage(), ex);
            }
        }
        return loaded;
    }

    private static Path existing(Path dir, String name) throws IOException {
        Path f = file(dir, name);
        if (!Files.isRegularFile(f)) throw new IOException(f + ": no checkpoint");
        return f;
    }

    private static JsonNode state(Path f, Map<String, String> metadata) throws IOException {
        String json = metadata.get(STATE_KEY);
        if (json == null) {
            if (FORMAT_1.equals(metadata.get("format"))) {
                throw new IOException(f + ": written by the classifier-only trainer (format " + FORMAT_1 + "), which this version"
                        + " cannot resume; its weights are the tensors named 'model.*' (load them with StateDicts) and training must restart");
            }
            throw new IOException(f + ": not a Mamori training checkpoint (no '" + STATE_KEY + "' metadata)");
        }
        JsonNode state;
        try {
            state = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(f + ": metadata '" + STATE_KEY + "' is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!FORMAT.equals(state.path("format").asText())) {
            throw new IOException(f + ": field 'format' is '" + state.path("format").asText() + "', expected " + FORMAT);
        }
        return state;
    }

    private static Loaded parse(Path f, JsonNode state) throws IOException {
        Position pos = new Position(integer(state, "epoch", f), integer(state, "batch_in_epoch", f), longValue(state, "step", f),
                longValue(state, "seed", f));
        if (pos.epoch() < 0 || pos.batchInEpoch() < 0 || pos.step() < 0) throw new IOException(f + ": negative position " + pos);
        JsonNode h = state.path("history");
        if (!h.isArray()) throw new IOException(f + ": field 'history' is missing or not an array");
        List<EpochRecord> history = new ArrayList<>();
        try {
            for (JsonNode r : h) history.add(EpochRecord.fromJson(r, f.toString()));
            RunningMetrics partial = state.hasNonNull("partial_epoch") ? RunningMetrics.fromJson(state.get("partial_epoch"), f.toString()) : null;
            return new Loaded(pos, history, partial, state.path("info"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static int integer(JsonNode state, String field, Path f) throws IOException {
        if (!state.path(field).canConvertToInt() || !state.path(field).isIntegralNumber()) throw new IOException(f + ": field '" + field + "' is missing or not an integer");
        return state.get(field).asInt();
    }

    private static long longValue(JsonNode state, String field, Path f) throws IOException {
        if (!state.path(field).canConvertToLong() || !state.path(field).isIntegralNumber()) throw new IOException(f + ": field '" + field + "' is missing or not an integer");
        return state.get(field).asLong();
    }

    private static List<String> names(JsonNode state, String field, Path f) {
        JsonNode a = state.path(field);
        if (!a.isArray()) throw new IllegalArgumentException(f + ": field '" + field + "' is missing or not an array");
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void sameNames(Path f, String what, List<String> saved, Set<String> wanted) {
        if (!Set.copyOf(saved).equals(wanted)) {
            throw new IllegalArgumentException(f + ": the checkpoint has " + what + " " + saved + ", this trainer has " + wanted);
        }
    }

    private static String checkName(String n) {
        if (n.isEmpty() || n.contains(".")) throw new IllegalArgumentException("part name '" + n + "' must be non-empty without '.'");
        return n;
    }

    private static Map<String, INDArray> withPrefix(Map<String, INDArray> all, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }
}
