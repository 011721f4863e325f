package dev.mamori.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A reference fixture computed with PyTorch: {@code <name>.safetensors} (inputs, parameters under their PyTorch names,
 * outputs, gradients) and {@code <name>.json} (kind, configuration, tolerance). The directory is
 * {@code $MAMORI_ORACLE_DIR} when set, otherwise the nearest {@code shared/oracle} beside the repository.
 */
public record OracleFixture(String name, JsonNode config, Map<String, INDArray> tensors, Path directory) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture directory: MAMORI_ORACLE_DIR, or ../shared/oracle seen from the repository root. */
    public static Path oracleDirectory() {
        String env = System.getenv("MAMORI_ORACLE_DIR");
        if (env != null && !env.isBlank()) return Paths.get(env);
        Path dir = Paths.get("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/oracle").normalize();
            if (Files.isDirectory(candidate)) return candidate;
        }
        return Paths.get("../shared/oracle");
    }

    /** All fixtures in {@link #oracleDirectory()} whose JSON {@code kind} is one of {@code kinds}, by name. */
    public static List<String> namesOfKind(String... kinds) {
        return names("", cfg -> cfg.has("kind") && Arrays.asList(kinds).contains(cfg.get("kind").asText()));
    }

    /**
     * The fixtures in the folder {@code subfolder} of {@link #oracleDirectory()} ("" for the directory itself, "wave2"
     * for the wave-2 fixtures) whose JSON satisfies {@code which}, by name: {@code "wave2/vae_kl"}, which
     * {@link #load(String)} accepts. A missing folder is an error, never an empty list.
     */
    public static List<String> names(String subfolder, Predicate<JsonNode> which) {
        Path dir = subfolder.isEmpty() ? oracleDirectory() : oracleDirectory().resolve(subfolder);
        if (!Files.isDirectory(dir)) throw new IllegalStateException("oracle directory " + dir + " does not exist; set MAMORI_ORACLE_DIR");
        String prefix = subfolder.isEmpty() ? "" : subfolder + "/";
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String f = p.getFileName().toString();
                if (!f.endsWith(".json")) continue;
                JsonNode cfg = JSON.readTree(p.toFile());
                if (which.test(cfg)) out.add(prefix + f.substring(0, f.length() - ".json".length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A fixture by name, relative to {@link #oracleDirectory()} ("conv2d", "wave2/vae_kl"). */
    public static OracleFixture load(String name) {
        Path dir = oracleDirectory();
        try {
            JsonNode cfg = JSON.readTree(dir.resolve(name + ".json").toFile());
            Map<String, INDArray> tensors = SafeTensors.read(dir.resolve(name + ".safetensors")).tensors();
            return new OracleFixture(name, cfg, tensors, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load fixture '" + name + "' from " + dir, e);
        }
    }

    public String kind() {
        return config.path("kind").asText();
    }

    public double atol() {
        return config.path("atol").asDouble(1e-4);
    }

    public double rtol() {
        return config.path("rtol").asDouble(1e-3);
    }

    public boolean has(String tensor) {
        return tensors.containsKey(tensor);
    }

    public INDArray tensor(String tensor) {
        INDArray t = tensors.get(tensor);
        if (t == null) throw new IllegalArgumentException("fixture '" + name + "' has no tensor '" + tensor + "'; it has " + tensors.keySet());
        return t;
    }

    /** Tensors whose names start with {@code prefix}, with the prefix removed (e.g. "param." -> state_dict). */
    public Map<String, INDArray> withPrefix(String prefix) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }

    /**
     * Elements failing |got - want| <= atol + rtol * |want|; an empty string when all pass, otherwise a description of
     * the worst element.
     */
    public static String compare(String what, INDArray got, INDArray want, double atol, double rtol) {
        if (!Arrays.equals(got.shape(), want.shape())) {
            return what + ": shape " + Arrays.toString(got.shape()) + " != expected " + Arrays.toString(want.shape());
        }
        double[] g = got.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] w = want.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        int bad = 0;
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < g.length; i++) {
            double err = Math.abs(g[i] - w[i]);
            double allowed = atol + rtol * Math.abs(w[i]);
            if (!(err <= allowed)) {
                bad++;
                if (worst < 0 || err - allowed > worstExcess) {
                    worst = i;
                    worstExcess = err - allowed;
                }
            }
        }
        if (bad == 0) return "";
        return String.format("%s: %d of %d elements out of tolerance (atol %.1e, rtol %.1e); worst at flat index %d: got %.6g, want %.6g",
                what, bad, g.length, atol, rtol, worst, g[worst], w[worst]);
    }
}
