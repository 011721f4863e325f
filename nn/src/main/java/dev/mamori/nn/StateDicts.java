package dev.mamori.nn;

import dev.mamori.autograd.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Building and loading PyTorch-style state dicts (parameters and persistent buffers by full name). */
public final class StateDicts {
    private StateDicts() {}

    public static Map<String, INDArray> of(Module m) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> out.put(n, p.value()));
        m.namedBuffers().forEach((n, b) -> {
            if (b.persistent()) out.put(n, b.value());
        });
        return out;
    }

    /**
     * Copies values into the module's parameters and buffers. A shape mismatch is always an error naming the tensor;
     * floating-point values are cast to the parameter's type (a float16 checkpoint loads into float32 weights), but a
     * floating-point parameter never takes integer or boolean data. With {@code strict}, missing and unexpected keys
     * are errors that list them; otherwise they are returned in the result.
     */
    public static LoadResult load(Module m, Map<String, INDArray> state, boolean strict, String source) {
        Map<String, Tensor> params = m.namedParameters();
        Map<String, Buffer> buffers = m.namedBuffers();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String k : params.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (Map.Entry<String, Buffer> b : buffers.entrySet()) {
            if (b.getValue().persistent() && !state.containsKey(b.getKey())) missing.add(b.getKey());
        }
        for (String k : state.keySet()) if (!params.containsKey(k) && !buffers.containsKey(k)) unexpected.add(k);
        if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
            throw new IllegalArgumentException(source + ": state dict does not match " + m.getClass().getSimpleName()
                    + (missing.isEmpty() ? "" : "; missing keys: " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected keys: " + unexpected));
        }
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            Tensor p = params.get(e.getKey());
            if (p != null) {
                p.value().assign(converted(e.getKey(), e.getValue(), p.value(), source));
                continue;
            }
            Buffer b = buffers.get(e.getKey());
            if (b != null) b.value().assign(converted(e.getKey(), e.getValue(), b.value(), source));
        }
        return new LoadResult(missing, unexpected);
    }

    /** Keys the module has and the state lacked, and keys the state had that the module lacks. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    private static INDArray converted(String key, INDArray src, INDArray dst, String source) {
        if (!Arrays.equals(src.shape(), dst.shape())) {
            throw new IllegalArgumentException(source + ": tensor '" + key + "' has shape " + Arrays.toString(src.shape())
                    + " but the model expects " + Arrays.toString(dst.shape()));
        }
        if (src.dataType() == dst.dataType()) return src;
        boolean srcFloat = src.dataType().isFPType(), dstFloat = dst.dataType().isFPType();
        if (dstFloat && !srcFloat) {
            throw new IllegalArgumentException(source + ": tensor '" + key + "' has dtype " + src.dataType()
                    + " but the model expects a floating-point " + dst.dataType());
        }
        return src.castTo(dst.dataType());
    }
}
