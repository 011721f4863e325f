package dev.mamori.methods.classification;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.Normalized;
import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-describing classifier file: one safetensors file with the weights under their state_dict names (inner model
 * keys, loadable by timm/torchvision-style code) and metadata naming the registry architecture, its config, the
 * input normalization and the class names, so `mamori eval` and `mamori attack` can rebuild the model from the file.
 */
public final class SavedClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SavedClassifier() {}

    /** What a file describes besides its weights. */
    public record Info(String architecture, Map<String, Object> config, double[] mean, double[] std, List<String> classes, String dataset) {}

    public static void save(Path file, Normalized model, String architecture, Map<String, Object> overrides, List<String> classes,
                            String dataset) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "mamori-classifier-1");
        meta.put("architecture", architecture);
        meta.put("config", JSON.writeValueAsString(overrides));
        meta.put("normalize_mean", JSON.writeValueAsString(model.mean()));
        meta.put("normalize_std", JSON.writeValueAsString(model.std()));
        meta.put("classes", JSON.writeValueAsString(classes));
        meta.put("dataset", dataset);
        SafeTensors.write(file, StateDicts.of(model.model), meta);
    }

    public record Loaded(Normalized model, Info info) {}

    public static Loaded load(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata();
        if (!"mamori-classifier-1".equals(m.get("format"))) {
            throw new IOException(file + ": metadata field 'format' is " + m.get("format") + ", expected mamori-classifier-1"
                    + " (a file written by `mamori train`)");
        }
        Map<String, Object> config = JSON.readValue(m.get("config"), new TypeReference<LinkedHashMap<String, Object>>() {});
        double[] mean = JSON.readValue(m.get("normalize_mean"), double[].class);
        double[] std = JSON.readValue(m.get("normalize_std"), double[].class);
        List<String> classes = JSON.readValue(m.get("classes"), new TypeReference<List<String>>() {});
        Classifier inner = ModelRegistry.create(m.get("architecture"), config);
        Map<String, INDArray> state = c.tensors();
        StateDicts.load(inner, state, true, file.toString());
        Normalized model = new Normalized(inner, mean, std);
        model.eval();
        return new Loaded(model, new Info(m.get("architecture"), config, mean, std, classes, m.get("dataset")));
    }
}
