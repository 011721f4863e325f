package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.nn.Module;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.optim.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint: {@code <name>.safetensors} with the model ("model."), optimizer ("optim.") and EMA ("ema.")
 * tensors, and {@code <name>.json} with the position (epoch, step), the seed (all randomness is derived from seed and
 * step, so this is the RNG state), the schedule description and the metrics history. Both files are written to a
 * temporary name and renamed; the JSON is written last, so a checkpoint whose JSON exists is complete.
 */
public final class Checkpoint {
    public static final String FORMAT = "mamori-checkpoint-1";
    // NaN metrics (no validation set) round-trip as NaN tokens
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private Checkpoint() {}

    /** Where a training position stands. */
    public record Position(int epoch, int batchInEpoch, long step, long seed) {}

    public static void save(Path dir, String name, Module model, Optimizer optimizer, Ema ema, Position pos,
                            List<EpochRecord> history, Map<String, Object> info) throws IOException {
        Files.createDirectories(dir);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        StateDicts.of(model).forEach((k, v) -> tensors.put("model." + k, v));
        if (optimizer != null) optimizer.stateDict().forEach((k, v) -> tensors.put("optim." + k, v));
        if (ema != null) ema.stateDict().forEach((k, v) -> tensors.put("ema." + k, v));
        // The JSON marks a complete checkpoint: drop the old one before its tensors are replaced, so that a failure
        // before the new JSON is in place leaves no checkpoint instead of the old position with the new tensors.
        Files.deleteIfExists(dir.resolve(name + ".json"));
        SafeTensors.write(dir.resolve(name + ".safetensors"), tensors, Map.of("format", FORMAT));

        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("epoch", pos.epoch());
        meta.put("batch_in_epoch", pos.batchInEpoch());
        meta.put("step", pos.step());
        meta.put("seed", pos.seed());
        meta.set("history", JSON.valueToTree(history));
        meta.set("info", JSON.valueToTree(info));
        Path tmp = Files.createTempFile(dir, "." + name, ".json.tmp");
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), meta);
            Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A loaded checkpoint. */
    public record Loaded(Position position, List<EpochRecord> history, JsonNode info) {}

    /** Restores model, optimizer and EMA state in place; returns the position and history. */
    public static Loaded load(Path dir, String name, Module model, Optimizer optimizer, Ema ema) throws IOException {
        Path json = dir.resolve(name + ".json");
        Path tensors = dir.resolve(name + ".safetensors");
        if (!Files.exists(json)) throw new IOException(json + ": no checkpoint (the JSON file is written last; a missing one means no complete checkpoint)");
        JsonNode meta = JSON.readTree(json.toFile());
        if (!FORMAT.equals(meta.path("format").asText())) {
            throw new IOException(json + ": field 'format' is '" + meta.path("format").asText() + "', expected " + FORMAT);
        }
        Map<String, INDArray> all = SafeTensors.read(tensors).tensors();
        StateDicts.load(model, withPrefix(all, "model."), true, tensors.toString());
        if (optimizer != null) optimizer.loadStateDict(withPrefix(all, "optim."));
        if (ema != null) ema.load(withPrefix(all, "ema."));
        Position pos = new Position(meta.get("epoch").asInt(), meta.get("batch_in_epoch").asInt(), meta.get("step").asLong(), meta.get("seed").asLong());
        List<EpochRecord> history = List.of(JSON.treeToValue(meta.get("history"), EpochRecord[].class));
        return new Loaded(pos, history, meta.get("info"));
    }

    public static boolean exists(Path dir, String name) {
        return Files.exists(dir.resolve(name + ".json"));
    }

    private static Map<String, INDArray> withPrefix(Map<String, INDArray> all, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }
}
