package dev.mamori.methods.keydefense;

import dev.mamori.autograd.Tensor;
import dev.mamori.methods.crypto.SecretKey;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.models.Classifier;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.BatchNorm2d;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A key-based defended classifier: the secret block-wise transform, then the model (METHODS.md item 1). It takes
 * plain images in [0, 1]; {@code call(x) = model(T(x))}. The transform is on the tape: shuffling and
 * negative/positive with their true gradients, FFX with the BPDA identity gradient, so it trains from scratch on
 * transformed images with the ordinary {@link dev.mamori.nn.train.Trainer}, and an attacker holding the key can
 * differentiate through it.
 *
 * <p>The model is the child {@code model}, so parameter names are the model's own (timm) names prefixed with
 * {@code model.}: {@code model.patch_embed.proj.weight}, {@code model.blocks.0.attn.qkv.weight}, ... The exported
 * file holds them without the prefix ({@link KeyedModelFile}).
 *
 * <p>A batch norm whose weight and bias are both frozen stays in eval mode when the model is put in training mode, so
 * that fine-tuning with a frozen backbone does not move the backbone's running statistics.
 *
 * <p>Create one with {@link #KeyedClassifier(SecretKey, Classifier)}, by absorbing a key into a plain model
 * ({@link KeyAbsorption#absorb}), or load an exported one with {@link #load}.
 */
public class KeyedClassifier extends Classifier implements KeyedModel {
    public final Classifier model;
    private final TransformChain transform;

    public KeyedClassifier(SecretKey key, Classifier model) {
        this(TransformChain.of(key), model);
    }

    public KeyedClassifier(TransformChain transform, Classifier model) {
        super(model.numClasses(), model.inChannels(), model.imageSize());
        transform.checkImages(model.inChannels(), model.imageSize());
        this.transform = transform;
        this.model = register("model", model);
    }

    /**
     * Loads a model exported with {@link #save} and the key file(s) it was made with: one key file for a keyed model,
     * every slot's key for a multi-key model (any order). The result is in eval mode. Errors name the file and what does
     * not match (kind, block size, channels, key id).
     */
    public static KeyedModel load(Path modelFile, Path... keyFiles) throws IOException {
        return KeyedModelFile.load(modelFile, List.of(keyFiles));
    }

    @Override
    protected Tensor forward(Tensor images) {
        return model.call(transform.applyTensor(images));
    }

    /** The secret transform (it holds the key; it prints random key ids only). */
    public TransformChain transform() {
        return transform;
    }

    /** T(images) for a batch, outside the tape. */
    public INDArray transformImages(INDArray images) {
        return transform.apply(images);
    }

    @Override
    public Module setTraining(boolean on) {
        super.setTraining(on);
        if (on) {
            for (Module m : namedModules().values()) {
                if (m instanceof BatchNorm2d bn && !bn.weight.requiresGrad() && !bn.bias.requiresGrad()) bn.setTraining(false);
            }
        }
        return this;
    }

    @Override
    public Classifier classifier() {
        return this;
    }

    @Override
    public List<TransformChain> keySlots() {
        return List.of(transform);
    }

    @Override
    public ModelSpec architecture() {
        return ModelSpec.of(model);
    }

    @Override
    public Map<String, INDArray> exportedState() {
        return model.stateDict();
    }

    @Override
    protected String extraRepr() {
        return transform.describe();
    }

    @Override
    public String toString() {
        return "KeyedClassifier{" + transform.describe() + ", model=" + model + "}";
    }
}
