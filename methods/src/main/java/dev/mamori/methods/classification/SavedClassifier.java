package dev.mamori.methods.classification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.io.SafeTensors;
import dev.mamori.nn.io.SafeTensorsException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-describing classifier file: one safetensors file with the weights under their state_dict names (inner model
 * keys, loadable by timm/torchvision-style code) and metadata naming the registry architecture, its config, the
 * input normalization and the class names, so `mamori eval` and `mamori attack` can rebuild the model from the file.
 *
 * <p>A file is untrusted input. Loading checks every metadata field before it is used (present, of the right type,
 * finite, consistent with the model it describes: as many class names as outputs, one mean and one positive std per
 * input channel), builds the model with no more parameters than the file holds values (a mutated width cannot
 * exhaust the memory), requires the tensors to match it name by name and shape by shape, and refuses weights that
 * are NaN or infinite unless asked to accept them. Every error is a {@link SafeTensorsException} naming the file and
 * the field or tensor.
 */
public final class SavedClassifier {
    public static final String FORMAT = "mamori-classifier-1";
    /** The metadata field holding {@link #headerDigest}; files written before it existed have none and are not checked. */
    public static final String DIGEST = "header_sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SavedClassifier() {}

    /** What a file describes besides its weights. */
    public record Info(String architecture, Map<String, Object> config, double[] mean, double[] std, List<String> classes, String dataset) {}

    public static void save(Path file, Normalized model, String architecture, Map<String, Object> overrides, List<String> classes,
                            String dataset) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("architecture", architecture);
        // sorted by name: a run resumed from its stored config (whose maps are sorted) writes the same bytes
        meta.put("config", JSON.writeValueAsString(new java.util.TreeMap<>(overrides)));
        meta.put("normalize_mean", JSON.writeValueAsString(model.mean()));
        meta.put("normalize_std", JSON.writeValueAsString(model.std()));
        meta.put("classes", JSON.writeValueAsString(classes));
        meta.put("dataset", dataset);
        Map<String, INDArray> tensors = StateDicts.of(model.model);
        SafeTensors.write(file, tensors, meta);
        // the digest covers the header as written (tensor entries and metadata), so it is computed from the file
        meta.put(DIGEST, headerDigest(SafeTensors.entries(file), meta));
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * SHA-256 (hex) of a file's header: every tensor entry (name, dtype, shape, offsets) in header order and every
     * metadata field but the digest itself, by name. Stored as the metadata field {@value #DIGEST}: a header changed
     * after the file was written (a damaged byte, an edited field) is refused on loading instead of describing the
     * weights wrongly. The tensor bytes are not covered: weights may be edited (they are checked to be finite).
     * Whoever changes the metadata on purpose recomputes it with this function.
     */
    public static String headerDigest(List<SafeTensors.Entry> entries, Map<String, String> metadata) {
        StringBuilder sb = new StringBuilder();
        for (SafeTensors.Entry e : entries) {
            sb.append("tensor\t").append(e.name()).append('\t').append(e.dtype()).append('\t').append(java.util.Arrays.toString(e.shape()))
                    .append('\t').append(e.begin()).append('\t').append(e.end()).append('\n');
        }
        new java.util.TreeMap<>(metadata).forEach((k, v) -> {
            if (!k.equals(DIGEST)) sb.append("meta\t").append(k).append('\t').append(v).append('\n');
        });
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(h);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A loaded model (in eval mode) and its description; {@code nonFiniteTensors} names the tensors holding NaN or
     * infinite values (empty unless they were allowed).
     */
    public record Loaded(Normalized model, Info info, List<String> nonFiniteTensors) {}

    /** Loads a file; weights that are NaN or infinite are an error. */
    public static Loaded load(Path file) throws IOException {
        return load(file, false);
    }

    /**
     * Loads a file; with {@code allowNonFiniteWeights} a model with NaN or infinite weights is returned (its
     * {@link Loaded#nonFiniteTensors} say where) instead of refused, for inspecting a diverged run.
     */
    public static Loaded load(Path file, boolean allowNonFiniteWeights) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        if (!FORMAT.equals(m.get("format"))) {
            throw new SafeTensorsException(file + ": metadata field 'format' is " + (m.get("format") == null ? "missing" : "'" + m.get("format") + "'")
                    + ", expected " + FORMAT + " (a file written by `mamori train`)");
        }
        if (m.containsKey(DIGEST) && !m.get(DIGEST).equals(headerDigest(SafeTensors.entries(file), m))) {
            throw new SafeTensorsException(file + ": metadata field '" + DIGEST + "' does not match the header: the header (tensor"
                    + " entries or metadata) was changed after the file was written");
        }
        String architecture = text(file, m, "architecture", "a registry model name (mamori train --list-models)");
        if (!ModelRegistry.names().containsKey(architecture) && !ModelRegistry.families().containsKey(architecture)) {
            throw new SafeTensorsException(file + ": metadata field 'architecture': unknown model '" + architecture + "'; known: "
                    + ModelRegistry.names().keySet() + " or families " + ModelRegistry.families().keySet());
        }
        Map<String, Object> config = modelConfig(file, json(file, m, "config"));
        double[] mean = numbers(file, json(file, m, "normalize_mean"), "normalize_mean", false);
        double[] std = numbers(file, json(file, m, "normalize_std"), "normalize_std", true);
        List<String> classes = names(file, json(file, m, "classes"));
        String dataset = text(file, m, "dataset", "the name of the dataset the model was trained on");

        Map<String, INDArray> state = c.tensors();
        long values = 0;
        for (INDArray t : state.values()) values += t.length();
        Classifier inner;
        // the architecture the metadata describes may hold no more values than the file: a mutated width fails here,
        // before it can exhaust the memory, and so does any config the model's own checks refuse
        try (Init.Limit ignored = Init.limit(values)) {
            inner = ModelRegistry.create(architecture, config);
        } catch (RuntimeException e) {
            throw new SafeTensorsException(file + ": metadata fields 'architecture' and 'config' (" + architecture + " " + config
                    + ") do not describe a model that fits the file: " + e.getMessage(), e);
        }
        if (inner.numClasses() != classes.size()) {
            throw new SafeTensorsException(file + ": metadata field 'classes' names " + classes.size() + " classes, expected "
                    + inner.numClasses() + " (the model's outputs)");
        }
        if (mean.length != inner.inChannels() || std.length != inner.inChannels()) {
            throw new SafeTensorsException(file + ": metadata fields 'normalize_mean' and 'normalize_std' have " + mean.length + " and "
                    + std.length + " values, expected one per input channel (" + inner.inChannels() + ")");
        }
        List<String> nonFinite = nonFiniteTensors(state);
        if (!nonFinite.isEmpty() && !allowNonFiniteWeights) {
            throw new SafeTensorsException(file + ": tensors " + nonFinite + " hold NaN or infinite values; such a model computes"
                    + " nothing meaningful (a diverged training run?). Load it anyway with --allow-non-finite-weights");
        }
        try {
            StateDicts.load(inner, state, true, file.toString());
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsException(e.getMessage() + " (metadata fields 'architecture' and 'config' describe another model)", e);
        }
        Normalized model = new Normalized(inner, mean, std);
        model.eval();
        return new Loaded(model, new Info(architecture, config, mean, std, classes, dataset), nonFinite);
    }

    /** The floating-point tensors holding at least one NaN or infinite value, with their counts. */
    static List<String> nonFiniteTensors(Map<String, INDArray> state) {
        List<String> out = new ArrayList<>();
        state.forEach((name, t) -> {
            if (!t.dataType().isFPType()) return;
            double[] v = t.castTo(DataType.DOUBLE).data().asDouble();
            long bad = 0;
            for (double x : v) if (!Double.isFinite(x)) bad++;
            if (bad > 0) out.add(name + " (" + bad + " of " + v.length + ")");
        });
        return out;
    }

    private static String text(Path file, Map<String, String> m, String field, String expected) throws SafeTensorsException {
        String v = m.get(field);
        if (v == null || v.isBlank()) {
            throw new SafeTensorsException(file + ": metadata field '" + field + "' is " + (v == null ? "missing" : "empty") + ", expected " + expected);
        }
        return v;
    }

    private static JsonNode json(Path file, Map<String, String> m, String field) throws SafeTensorsException {
        String v = text(file, m, field, "JSON");
        try {
            return JSON.readTree(v);
        } catch (IOException e) {
            throw new SafeTensorsException(file + ": metadata field '" + field + "' is not valid JSON: " + v);
        }
    }

    private static Map<String, Object> modelConfig(Path file, JsonNode n) throws SafeTensorsException {
        if (n == null || !n.isObject()) {
            throw new SafeTensorsException(file + ": metadata field 'config' is " + n + ", expected a JSON object of model config overrides");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String where = file + ": metadata field 'config." + e.getKey() + "'";
            if (v.isIntegralNumber()) {
                if (!v.canConvertToInt()) throw new SafeTensorsException(where + " is " + v + ", expected an integer that fits 32 bits");
                out.put(e.getKey(), v.intValue());
            } else if (v.isNumber()) {
                if (!Double.isFinite(v.doubleValue())) throw new SafeTensorsException(where + " is " + v + ", expected a finite number");
                out.put(e.getKey(), v.doubleValue());
            } else if (v.isTextual()) {
                out.put(e.getKey(), v.textValue());
            } else if (v.isBoolean()) {
                out.put(e.getKey(), v.booleanValue());
            } else {
                throw new SafeTensorsException(where + " is " + v + ", expected a number, a text or true/false");
            }
        }
        return out;
    }

    private static double[] numbers(Path file, JsonNode n, String field, boolean positive) throws SafeTensorsException {
        String expected = positive ? "a list of positive numbers" : "a list of finite numbers";
        if (n == null || !n.isArray() || n.isEmpty()) throw new SafeTensorsException(file + ": metadata field '" + field + "' is " + n + ", expected " + expected);
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = n.get(i);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue()) || (positive && !(v.doubleValue() > 0))) {
                throw new SafeTensorsException(file + ": metadata field '" + field + "[" + i + "]' is " + v + ", expected " + expected);
            }
            out[i] = v.doubleValue();
        }
        return out;
    }

    private static List<String> names(Path file, JsonNode n) throws SafeTensorsException {
        if (n == null || !n.isArray() || n.isEmpty()) throw new SafeTensorsException(file + ": metadata field 'classes' is " + n + ", expected a list of class names");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) throw new SafeTensorsException(file + ": metadata field 'classes[" + i + "]' is " + n.get(i) + ", expected a class name");
            out.add(n.get(i).textValue());
        }
        return out;
    }
}
