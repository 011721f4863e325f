package dev.mamori.methods.keydefense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mamori.methods.crypto.KeyFileException;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.TransformKind;
import dev.mamori.methods.crypto.blockwise.BlockFfx;
import dev.mamori.methods.crypto.blockwise.BlockTransform;
import dev.mamori.methods.crypto.blockwise.FfxVariant;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.PatchEmbeddedModel;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A keyed model as ONE safetensors file, for deployment: the weights under their names and a description in the
 * header's {@code __metadata__} (strings), never the key itself:
 * <pre>{@code
 * "format"       : "mamori-keyed-model"
 * "version"      : "2"
 * "model"        : "keyed" | "multi_key"
 * "architecture" : {"family":"vit","config":{...},"normalization":{"mean":[...],"std":[...]}}   (ModelSpec JSON)
 * "keys"         : [[{"kind":"shuffle","block_size":4,"channels":1,"id":"0123456789abcdef"}], ...]
 *                  one array per key slot, one object per transform of the slot's chain, in order; the id is the
 *                  key's random id (SecretKey.id()), never a digest of the key; an FFX step adds
 *                  "ffx_variant":"published" | "masked_rounded"
 * "selection"    : "per_query" | "per_batch"                                                    (multi_key only)
 * "input"        : {"channels":1,"image_size":28,"num_classes":10}
 * }</pre>
 * Tensor names: for a {@link KeyedClassifier}, its model's own names (timm's, e.g. {@code patch_embed.proj.weight};
 * a normalized model's are prefixed {@code model.}); for a {@link MultiKeyClassifier}, its names (backbone names,
 * {@code embeds.i.*}, {@code heads.i.*}).
 *
 * <p>Loading treats the file as untrusted: it reads the header first, estimates the values the described architecture
 * holds ({@link ModelSpec#estimatedValues()}) and refuses one that would hold more than twice the file's tensors
 * before building anything; then it reads the key files (any order), matches each to a slot transform by kind, block
 * size, channels and id, rebuilds the architecture from the registry, and loads the weights strictly. Version 1 files
 * (which named keys by a digest of their material) are refused.
 */
public final class KeyedModelFile {
    public static final String FORMAT = "mamori-keyed-model";
    public static final String VERSION = "2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyedModelFile() {}

    /** Writes {@code model} to {@code file} (replacing it atomically if it exists). */
    public static void save(KeyedModel model, Path file) throws IOException {
        Classifier c = model.classifier();
        if (model.exportedState().keySet().stream().anyMatch(n -> n.endsWith("lora_A") || n.endsWith("lora_B"))) {
            throw new IllegalArgumentException("the model still has LoRA adapters: merge them first (Lora.merge(model)), so that the file "
                    + "holds the plain architecture's weights");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("model", model instanceof MultiKeyClassifier ? "multi_key" : "keyed");
        meta.put("architecture", model.architecture().toJson());
        ArrayNode slots = JSON.createArrayNode();
        for (TransformChain chain : model.keySlots()) {
            ArrayNode steps = slots.addArray();
            for (BlockTransform t : chain.steps()) {
                ObjectNode s = steps.addObject();
                s.put("kind", t.kind().fileName());
                s.put("block_size", t.blockSize());
                s.put("channels", t.channels());
                s.put("id", t.keyId());
                if (t instanceof BlockFfx ffx) s.put("ffx_variant", ffx.variant().fileName());
            }
        }
        meta.put("keys", JSON.writeValueAsString(slots));
        if (model instanceof MultiKeyClassifier m) meta.put("selection", m.selection().fileName());
        ObjectNode input = JSON.createObjectNode();
        input.put("channels", c.inChannels());
        input.put("image_size", c.imageSize());
        input.put("num_classes", c.numClasses());
        meta.put("input", JSON.writeValueAsString(input));
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        model.exportedState().forEach((k, v) -> tensors.put(k, v));
        SafeTensors.write(file, tensors, meta);
    }

    /** One transform of a slot as the file describes it. */
    record Expected(int slot, int step, TransformKind kind, int blockSize, int channels, String id, FfxVariant variant) {
        String describe() {
            return kind.fileName() + " key of block size " + blockSize + ", " + channels + " channel(s), id " + id
                    + " (slot " + slot + (step > 0 ? ", step " + step : "") + ")";
        }

        BlockTransform transform(SecretKey key) {
            return kind == TransformKind.FFX ? new BlockFfx(key, variant) : BlockTransform.forKey(key);
        }
    }

    /** Loads a model file with its key files; see the class comment. The model is in eval mode. */
    public static KeyedModel load(Path file, List<Path> keyFiles) throws IOException {
        SafeTensors.Header header = SafeTensors.header(file);
        Map<String, String> meta = header.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException("model file " + file + ": metadata 'format' is " + (meta.get("format") == null ? "missing" : "'" + meta.get("format") + "'")
                    + "; expected '" + FORMAT + "' (a file written by KeyedModel.save)");
        }
        if ("1".equals(meta.get("version"))) {
            throw new IOException("model file " + file + ": metadata 'version' is '1': such files name their keys by a digest of the key material,"
                    + " which lets anyone test key guesses offline; they are no longer read (export the model again)");
        }
        if (!VERSION.equals(meta.get("version"))) {
            throw new IOException("model file " + file + ": metadata 'version' is '" + meta.get("version") + "'; this reader knows version " + VERSION);
        }
        String kind = field(file, meta, "model");
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(field(file, meta, "architecture"), "model file " + file + ": metadata 'architecture'");
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        checkSize(file, spec, header);
        List<List<Expected>> slots = expectedKeys(file, field(file, meta, "keys"));
        List<TransformChain> chains = matchKeys(file, slots, keyFiles);
        SafeTensors.Contents contents = SafeTensors.read(file);

        KeyedModel model;
        try {
            if (kind.equals("keyed")) {
                if (chains.size() != 1) throw new IOException("model file " + file + ": a keyed model has one key slot, the file lists " + chains.size());
                Classifier inner = spec.build();
                inner.loadStateDict(contents.tensors(), true);
                model = new KeyedClassifier(chains.get(0), inner);
            } else if (kind.equals("multi_key")) {
                if (spec.normalized()) throw new IOException("model file " + file + ": a multi-key model has no normalization wrapper");
                MultiKeyClassifier m = new MultiKeyClassifier(ModelRegistry.create(spec.family(), spec.config(), PatchEmbeddedModel.class), chains, false);
                m.loadStateDict(contents.tensors(), true);
                KeySelection selection = KeySelection.fromFileName(field(file, meta, "selection"));
                m.randomize(selection, new SecureRandom().nextLong());
                model = m;
            } else {
                throw new IOException("model file " + file + ": metadata 'model' is '" + kind + "'; expected 'keyed' or 'multi_key'");
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("model file " + file + ": " + e.getMessage(), e);
        }
        model.classifier().eval();
        return model;
    }

    /**
     * Refuses an architecture that would hold more than twice the values of the file's tensors (a strict load needs them
     * to be equal; the estimate is within a factor of two), or one whose size cannot be estimated, before building it.
     */
    private static void checkSize(Path file, ModelSpec spec, SafeTensors.Header header) throws IOException {
        long stored = 0;
        for (SafeTensors.Entry e : header.entries()) stored += e.elements();
        java.util.OptionalLong estimate;
        try {
            estimate = spec.estimatedValues();
        } catch (IllegalArgumentException e) {
            throw new IOException("model file " + file + ": metadata 'architecture': " + e.getMessage(), e);
        }
        if (estimate.isEmpty()) {
            throw new IOException("model file " + file + ": metadata 'architecture': family '" + spec.family() + "' has no size estimate, so a"
                    + " model of it is not built from a file's metadata (supported: vit, convmixer, resnet, simple_cnn)");
        }
        if (estimate.getAsLong() > 2 * stored + 4096) {
            throw new IOException("model file " + file + ": metadata 'architecture' describes a model of about " + estimate.getAsLong()
                    + " values but the file's tensors hold " + stored + "; refusing to build it");
        }
    }

    private static String field(Path file, Map<String, String> meta, String name) throws IOException {
        String v = meta.get(name);
        if (v == null) throw new IOException("model file " + file + ": metadata '" + name + "' is missing");
        return v;
    }

    private static List<List<Expected>> expectedKeys(Path file, String json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("model file " + file + ": metadata 'keys' is not valid JSON", e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) throw new IOException("model file " + file + ": metadata 'keys' must be a non-empty array of key slots");
        List<List<Expected>> slots = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode slot = root.get(i);
            if (!slot.isArray() || slot.isEmpty()) throw new IOException("model file " + file + ": metadata 'keys' slot " + i + " must be a non-empty array");
            List<Expected> steps = new ArrayList<>();
            for (int j = 0; j < slot.size(); j++) {
                JsonNode s = slot.get(j);
                try {
                    TransformKind kind = TransformKind.fromFileName(s.path("kind").asText());
                    if (!s.path("block_size").canConvertToInt() || s.path("block_size").asInt() < 1 || !s.path("channels").canConvertToInt()
                            || s.path("channels").asInt() < 1) {
                        throw new IllegalArgumentException("block_size and channels must be positive integers");
                    }
                    FfxVariant variant = kind == TransformKind.FFX ? FfxVariant.fromFileName(s.path("ffx_variant").asText()) : null;
                    steps.add(new Expected(i, j, kind, s.path("block_size").asInt(), s.path("channels").asInt(), s.path("id").asText(), variant));
                } catch (IllegalArgumentException e) {
                    throw new IOException("model file " + file + ": metadata 'keys' slot " + i + " step " + j + ": " + e.getMessage());
                }
            }
            slots.add(steps);
        }
        return slots;
    }

    /** Reads the key files and puts each where the file expects its id; explains the first mismatch. */
    private static List<TransformChain> matchKeys(Path file, List<List<Expected>> slots, List<Path> keyFiles) throws IOException {
        List<Expected> expected = slots.stream().flatMap(List::stream).toList();
        if (keyFiles.size() != expected.size()) {
            throw new IOException("model file " + file + " needs " + expected.size() + " key file(s) (" + expected.stream().map(Expected::describe).toList()
                    + "); got " + keyFiles.size());
        }
        Map<Expected, SecretKey> found = new LinkedHashMap<>();
        for (Path keyFile : keyFiles) {
            SecretKey key = SecretKey.load(keyFile);
            List<Expected> open = expected.stream().filter(e -> !found.containsKey(e)).toList();
            Expected match = open.stream().filter(e -> e.id().equals(key.id()) && e.kind() == key.kind()
                    && e.blockSize() == key.blockSize() && e.channels() == key.channels()).findFirst().orElse(null);
            if (match == null) throw mismatch(file, keyFile, key, open);
            found.put(match, key);
        }
        List<TransformChain> chains = new ArrayList<>();
        for (List<Expected> slot : slots) chains.add(TransformChain.of(slot.stream().map(e -> e.transform(found.get(e))).toList()));
        return chains;
    }

    private static KeyFileException mismatch(Path file, Path keyFile, SecretKey key, List<Expected> open) {
        String where = " but the model file " + file + " expects ";
        if (open.stream().noneMatch(e -> e.kind() == key.kind())) {
            return new KeyFileException(keyFile, "kind", "is '" + key.kind().fileName() + "'" + where + describe(open));
        }
        List<Expected> sameKind = open.stream().filter(e -> e.kind() == key.kind()).toList();
        if (sameKind.stream().noneMatch(e -> e.blockSize() == key.blockSize())) {
            return new KeyFileException(keyFile, "block_size", "is " + key.blockSize() + where + describe(sameKind));
        }
        if (sameKind.stream().noneMatch(e -> e.channels() == key.channels())) {
            return new KeyFileException(keyFile, "channels", "is " + key.channels() + where + describe(sameKind));
        }
        return new KeyFileException(keyFile, "id", "is " + key.id() + ": not the key this model was made with;"
                + where + describe(sameKind));
    }

    private static String describe(List<Expected> open) {
        return open.size() == 1 ? "a " + open.get(0).describe() : "one of " + open.stream().map(e -> "a " + e.describe()).toList();
    }
}
