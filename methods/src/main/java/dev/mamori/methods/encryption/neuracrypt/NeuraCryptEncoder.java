package dev.mamori.methods.encryption.neuracrypt;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Activations;
import dev.mamori.autograd.ops.Convolutions;
import dev.mamori.autograd.ops.LinearAlgebra;
import dev.mamori.autograd.ops.Normalization;
import dev.mamori.methods.encryption.KeyGeometry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NeuraCrypt's private encoder as published (Yala et al. 2021; the reference code's {@code PrivateEncoder},
 * docs/METHODS.md item 5), without the token shuffle:
 * <pre>
 * images [B, C, H, W] --image_encoder.0: Conv2d(C, hidden, P, stride P)--> ReLU
 *   --depth x [1x1 Conv2d(hidden, hidden) -> BatchNorm2d(hidden, batch statistics) -> ReLU]--> [B, hidden, H/P, W/P]
 *   --> tokens [B, T, hidden] (token t = row * (W/P) + col) + pos_embedding [1, T, hidden]
 *   --mixer: ReLU -> Linear(hidden, outputDim)--> [B, T, outputDim]
 * </pre>
 * Layer names are the reference's ({@code image_encoder.0}, {@code image_encoder.2}, {@code image_encoder.3}, ...,
 * {@code mixer.1}); the batch norms always use the batch's statistics (track_running_stats=False) with their affine
 * parameters at 1 and 0, so an image's code depends on the rest of its batch. Forward only: the weights are the frozen
 * key. The arithmetic runs on libnd4j's kernels through the autograd ops, with no tape.
 */
public final class NeuraCryptEncoder {
    private final KeyGeometry geometry;
    private final NeuraCryptKey.Architecture architecture;
    private final Map<String, Tensor> weights = new LinkedHashMap<>();

    public NeuraCryptEncoder(NeuraCryptKey key) {
        this.geometry = key.geometry();
        this.architecture = key.architecture();
        for (Map.Entry<String, long[]> e : parameterShapes(geometry, architecture).entrySet()) {
            weights.put(e.getKey(), Tensor.of(Nd4j.create(key.weight(e.getKey()), e.getValue(), 'c')));
        }
    }

    /** The parameters and their shapes, in the order image_encoder, pos_embedding, mixer. */
    public static Map<String, long[]> parameterShapes(KeyGeometry g, NeuraCryptKey.Architecture a) {
        Map<String, long[]> s = new LinkedHashMap<>();
        int p = g.blockSize(), h = a.hidden();
        s.put("image_encoder.0.weight", new long[]{h, g.channels(), p, p});
        s.put("image_encoder.0.bias", new long[]{h});
        for (int k = 0; k < a.depth(); k++) {
            s.put(conv(k) + ".weight", new long[]{h, h, 1, 1});
            s.put(conv(k) + ".bias", new long[]{h});
            s.put(norm(k) + ".weight", new long[]{h});
            s.put(norm(k) + ".bias", new long[]{h});
        }
        s.put("pos_embedding", new long[]{1, g.blockCount(), h});
        s.put("mixer.1.weight", new long[]{a.outputDim(), h});
        s.put("mixer.1.bias", new long[]{a.outputDim()});
        return s;
    }

    /** Whether a parameter belongs to one of the batch norms (fixed at weight 1, bias 0). */
    public static boolean isBatchNorm(String name) {
        if (!name.startsWith("image_encoder.")) return false;
        int index = Integer.parseInt(name.split("\\.")[1]);
        return index >= 3 && (index - 3) % 3 == 0;
    }

    /** fan_in of a convolution or linear layer, for PyTorch's default initialisation. */
    static int fanIn(String name, KeyGeometry g, NeuraCryptKey.Architecture a) {
        if (name.startsWith("image_encoder.0.")) return g.channels() * g.blockSize() * g.blockSize();
        return a.hidden();
    }

    private static String conv(int k) {
        return "image_encoder." + (2 + 3 * k);
    }

    private static String norm(int k) {
        return "image_encoder." + (3 + 3 * k);
    }

    /** The unshuffled tokens [B, T, outputDim] of a batch [B, C, H, W] (float32). */
    public INDArray tokens(INDArray images) {
        long[] s = images.shape();
        if (s.length != 4 || s[1] != geometry.channels() || s[2] != geometry.height() || s[3] != geometry.width()) {
            throw new IllegalArgumentException("this NeuraCrypt encoder takes batches [B, " + geometry.channels() + ", " + geometry.height() + ", "
                    + geometry.width() + "]; got " + Arrays.toString(s));
        }
        int p = geometry.blockSize();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Tensor x = Tensor.of(images.castTo(DataType.FLOAT));
            x = Activations.relu(Convolutions.conv2d(x, weights.get("image_encoder.0.weight"), weights.get("image_encoder.0.bias"),
                    new int[]{p, p}, new int[]{0, 0}, new int[]{1, 1}, 1));
            for (int k = 0; k < architecture.depth(); k++) {
                x = Convolutions.conv2d(x, weights.get(conv(k) + ".weight"), weights.get(conv(k) + ".bias"), new int[]{1, 1}, new int[]{0, 0},
                        new int[]{1, 1}, 1);
                x = Activations.relu(Normalization.batchNorm(x, weights.get(norm(k) + ".weight"), weights.get(norm(k) + ".bias"),
                        Nd4j.zeros(DataType.FLOAT, architecture.hidden()), Nd4j.ones(DataType.FLOAT, architecture.hidden()), true, 1e-5).output());
            }
            Tensor tokens = x.flatten(2).transpose(1, 2).add(weights.get("pos_embedding")); // [B, T, hidden]
            Tensor out = LinearAlgebra.linear(Activations.relu(tokens), weights.get("mixer.1.weight"), weights.get("mixer.1.bias"));
            return out.value().dup('c');
        }
    }

    public KeyGeometry geometry() {
        return geometry;
    }

    public NeuraCryptKey.Architecture architecture() {
        return architecture;
    }
}
