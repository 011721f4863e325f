package dev.mamori.models;

import dev.mamori.nn.StateDicts;
import dev.mamori.nn.io.SafeTensors;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads weights saved by timm or torchvision (state_dict as safetensors) into a registry model by parameter name.
 * A ViT position embedding made for another image size is resized (bicubic, see {@link PositionEmbeddings}); a
 * "module." prefix (DataParallel) is removed. Every other mismatch is an error naming the file and the tensor.
 */
public final class Checkpoints {
    private Checkpoints() {}

    public static StateDicts.LoadResult load(Classifier model, Path file, boolean strict) throws IOException {
        Map<String, INDArray> state = new LinkedHashMap<>();
        SafeTensors.read(file).tensors().forEach((k, v) -> state.put(k.startsWith("module.") ? k.substring(7) : k, v));
        Classifier target = model instanceof Normalized n ? n.model : model;
        if (target instanceof VisionTransformer vit && vit.posEmbed != null && state.containsKey("pos_embed")) {
            INDArray pe = state.get("pos_embed");
            int prefix = vit.clsToken != null ? 1 : 0;
            long want = vit.posEmbed.size(1);
            if (pe.rank() == 3 && pe.size(1) != want) {
                int oldGrid = (int) Math.round(Math.sqrt(pe.size(1) - prefix));
                int newGrid = vit.config.imageSize() / vit.config.patchSize();
                if ((long) oldGrid * oldGrid + prefix != pe.size(1)) {
                    throw new IllegalArgumentException(file + ": tensor 'pos_embed' has " + pe.size(1) + " tokens, not "
                            + prefix + " + a square grid");
                }
                state.put("pos_embed", PositionEmbeddings.resize(pe, prefix, oldGrid, oldGrid, newGrid, newGrid));
            }
        }
        return StateDicts.load(target, state, strict, file.toString());
    }
}
