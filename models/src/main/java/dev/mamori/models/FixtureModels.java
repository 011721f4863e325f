package dev.mamori.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.nn.io.OracleFixture;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the registry model that an oracle fixture of kind "model" describes (the fixture JSON's "arch", "dim",
 * "depth", ... fields) and loads the fixture's weights, so parity tests of models and of attacks on them use the
 * framework's own model classes.
 */
public final class FixtureModels {
    private FixtureModels() {}

    /** The model of fixture {@code name}, with the fixture's parameters and buffers loaded, in eval mode. */
    public static Classifier load(String name) {
        OracleFixture f = OracleFixture.load(name);
        Classifier model = build(f.config());
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> state = new LinkedHashMap<>(f.withPrefix("param."));
        state.putAll(f.withPrefix("buffer."));
        var result = dev.mamori.nn.StateDicts.load(model, state, false, f.directory().resolve(name + ".safetensors").toString());
        if (!result.unexpectedKeys().isEmpty()) throw new IllegalStateException(name + ": unexpected keys " + result.unexpectedKeys());
        model.eval();
        return model;
    }

    /** Maps a fixture's architecture description to a registry family and config. */
    public static Classifier build(JsonNode c) {
        String arch = c.get("arch").asText();
        Map<String, Object> o = new LinkedHashMap<>();
        switch (arch) {
            case "vit" -> {
                o.put("imageSize", c.get("img").asInt());
                o.put("patchSize", c.get("patch").asInt());
                o.put("inChannels", c.get("chans").asInt());
                o.put("numClasses", c.get("classes").asInt());
                o.put("embedDim", c.get("dim").asInt());
                o.put("depth", c.get("depth").asInt());
                o.put("heads", c.get("heads").asInt());
                o.put("mlpRatio", c.get("mlp_ratio").asDouble());
                o.put("layerNormEps", c.path("layernorm_eps").asDouble(1e-6));
            }
            case "convmixer" -> {
                o.put("dim", c.get("dim").asInt());
                o.put("depth", c.get("depth").asInt());
                o.put("kernelSize", c.get("kernel").asInt());
                o.put("patchSize", c.get("patch").asInt());
                o.put("inChannels", c.get("chans").asInt());
                o.put("numClasses", c.get("classes").asInt());
                o.put("imageSize", c.get("img").asInt());
                o.put("activation", "gelu");
            }
            case "resnet" -> {
                o.put("block", c.get("block").asText());
                o.put("layers", toInts(c.get("blocks")));
                o.put("widths", toInts(c.get("widths")));
                o.put("stem", c.path("stem").asText().contains("3x3") ? "cifar" : "imagenet");
                o.put("numClasses", c.get("classes").asInt());
                o.put("inChannels", 3);
                o.put("imageSize", 32);
            }
            default -> throw new IllegalArgumentException("no architecture '" + arch + "'");
        }
        return ModelRegistry.create(arch, o);
    }

    private static int[] toInts(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

}
