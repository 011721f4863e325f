package dev.mamori.methods.keydefense;

import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Indexing;
import dev.mamori.methods.attacks.RandomizedModel;
import dev.mamori.methods.crypto.blockwise.TransformChain;
import dev.mamori.models.Classifier;
import dev.mamori.models.ModelRegistry;
import dev.mamori.models.PatchEmbeddedModel;
import dev.mamori.nn.Module;
import dev.mamori.nn.layers.Linear;
import dev.mamori.nn.layers.ModuleList;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Multiple secret patch embeddings with randomized inference (METHODS.md item 3): one frozen isotropic backbone
 * shared by N (patch embedding, head) pairs, one per key. Slot i computes heads[i](backbone(embeds[i](T_i(x)))); at
 * inference a slot is drawn at random per image ({@link KeySelection#PER_QUERY}, the default) or per batch, from a
 * generator that {@link #randomize} can seed. With N = 1 it is a plain keyed model.
 *
 * <p>Any {@link PatchEmbeddedModel} is a backbone: the model takes over everything of it but its patch embedding and
 * head, under the same names, and runs it through {@link PatchEmbeddedModel#featuresFromEmbedding}. Parameter names:
 * <ul>
 *   <li>ViT: {@code cls_token}, {@code pos_embed}, {@code blocks.*}, {@code norm.*} (backbone, as in timm);
 *       {@code embeds.i.proj.weight/bias} (as timm's {@code patch_embed.proj}); {@code heads.i.weight/bias} (as
 *       {@code head});</li>
 *   <li>ConvMixer: {@code stem.2.*} (the stem's batch norm after the activation {@code stem.1}), {@code blocks.*}
 *       (backbone); {@code embeds.i.weight/bias} (as timm's {@code stem.0}); {@code heads.i.weight/bias}.</li>
 * </ul>
 *
 * <p>The backbone is frozen for good: its parameters never require gradients ({@link #unfreeze} refuses them) and its
 * modules stay in eval mode (batch-norm statistics fixed) when the model is trained. Train slot i with
 * {@link #trainSlot(int)} (only that pair trainable, that key used), then {@link #randomize} for inference.
 * Inputs of any gradient-based attack go through every drawn slot's transform on the tape (indexing by slot is
 * differentiable).
 */
public final class MultiKeyClassifier extends Classifier implements KeyedModel, RandomizedModel {
    private final PatchEmbeddedModel backbone;
    private final List<TransformChain> keys;
    private final ModuleList<Module> embeds;
    private final ModuleList<Linear> heads;
    private KeySelection selection = KeySelection.PER_QUERY;
    private SplittableRandom rng = new SplittableRandom(new SecureRandom().nextLong());
    private int fixedSlot = -1;
    private int[] lastSlots = new int[0];

    /**
     * Takes over {@code backbone} (do not use it elsewhere afterwards: its modules and parameters become this model's);
     * every slot starts from a copy of its patch embedding (with the slot's key absorbed when {@code absorbKeys} and the
     * key allows it) and of its head. The backbone must take [0, 1] pixels (fold a normalization first:
     * {@link KeyAbsorption#foldNormalization}).
     */
    public MultiKeyClassifier(PatchEmbeddedModel backbone, List<TransformChain> keys, boolean absorbKeys) {
        super(backbone.asClassifier().numClasses(), backbone.asClassifier().inChannels(), backbone.asClassifier().imageSize());
        if (keys.isEmpty()) throw new IllegalArgumentException("a multi-key model needs at least one key");
        for (TransformChain k : keys) k.checkImages(inChannels(), imageSize());
        this.backbone = backbone;
        this.keys = List.copyOf(keys);
        adoptBackbone(backbone);
        Map<String, INDArray> embedding = ModelSpec.copyState(backbone.patchEmbedding().stateDict());
        Map<String, INDArray> head = ModelSpec.copyState(backbone.head().stateDict());
        List<Module> embeddings = new ArrayList<>();
        List<Linear> slotHeads = new ArrayList<>();
        for (TransformChain key : keys) {
            Module e = backbone.newPatchEmbedding();
            e.loadStateDict(ModelSpec.copyState(embedding), true);
            if (absorbKeys && key.isAbsorbable()) KeyAbsorption.absorbInto(backbone.projectionOf(e), key);
            embeddings.add(e);
            Linear h = new Linear(backbone.head().inFeatures, backbone.head().outFeatures);
            h.loadStateDict(ModelSpec.copyState(head), true);
            slotHeads.add(h);
        }
        this.embeds = register("embeds", new ModuleList<>(embeddings));
        this.heads = register("heads", new ModuleList<>(slotHeads));
        for (Map.Entry<String, Tensor> p : namedParameters().entrySet()) {
            if (isBackbone(p.getKey())) p.getValue().requiresGrad(false);
        }
        setTraining(isTraining());
    }

    /**
     * N slots on the backbone of a plain pre-trained isotropic network (optionally {@link dev.mamori.models.Normalized}):
     * each slot starts from the plain patch embedding with its key absorbed when the key allows it (shuffle,
     * negative/positive: the slot then reproduces the plain model exactly) or as a copy of the plain embedding
     * otherwise (FFX: it must be trained), and from a copy of the plain head. {@code plain} is not changed.
     */
    public static MultiKeyClassifier fromPlain(Classifier plain, List<TransformChain> keys) {
        Classifier folded = KeyAbsorption.foldNormalization(plain);
        if (!(folded instanceof PatchEmbeddedModel isotropic)) {
            throw new IllegalArgumentException("secret patch embeddings need an isotropic backbone with a patch embedding (ViT or ConvMixer); got "
                    + folded.getClass().getSimpleName());
        }
        return new MultiKeyClassifier(isotropic, keys, true);
    }

    /**
     * An independent copy (fresh modules, weights copied) with {@code keys.size()} slots, at most this model's count:
     * slot i has this model's embedding and head of slot i and the transform {@code keys.get(i)}. Frozen, in eval
     * mode, drawing slots per query from a generator seeded with {@code seed}.
     */
    public MultiKeyClassifier copyWithKeys(List<TransformChain> keys, long seed) {
        if (keys.isEmpty() || keys.size() > keyCount()) {
            throw new IllegalArgumentException("a copy takes 1 to " + keyCount() + " key slots; got " + keys.size());
        }
        ModelSpec spec = architecture();
        MultiKeyClassifier copy = new MultiKeyClassifier(ModelRegistry.create(spec.family(), spec.config(), PatchEmbeddedModel.class), keys, false);
        Map<String, INDArray> state = new LinkedHashMap<>();
        stateDict().forEach((name, value) -> {
            if (isBackbone(name) || slotOf(name) < keys.size()) state.put(name, value.dup());
        });
        copy.loadStateDict(state, true);
        copy.freeze("*");
        copy.randomize(KeySelection.PER_QUERY, seed);
        copy.eval();
        return copy;
    }

    /** A module holding some children of a backbone module under their names (the rest belongs to the slots). */
    private static final class BackbonePart extends Module {
        void add(String name, Module child) {
            register(name, child);
        }
    }

    /** Registers every parameter and module of the backbone except its patch embedding and head, under the same names. */
    private void adoptBackbone(PatchEmbeddedModel isotropic) {
        Classifier model = isotropic.asClassifier();
        List<String> excluded = List.of(isotropic.patchEmbeddingPath(), isotropic.headPath());
        requireNoOwnBuffers(model, "");
        model.namedParameters().forEach((name, p) -> {
            if (!name.contains(".")) registerParameter(name, p);
        });
        model.children().forEach((name, child) -> {
            Module kept = without(child, name, excluded);
            if (kept != null) register(name, kept);
        });
    }

    /** {@code module} (at {@code path}) without the excluded descendants: itself, null when excluded, or a part. */
    private static Module without(Module module, String path, List<String> excluded) {
        if (excluded.contains(path)) return null;
        if (excluded.stream().noneMatch(e -> e.startsWith(path + "."))) return module;
        requireNoOwnBuffers(module, path);
        if (module.namedParameters().keySet().stream().anyMatch(n -> !n.contains("."))) {
            throw new IllegalArgumentException("cannot split '" + path + "' of the backbone: it has parameters of its own beside the patch embedding");
        }
        BackbonePart part = new BackbonePart();
        module.children().forEach((name, child) -> {
            Module kept = without(child, path + "." + name, excluded);
            if (kept != null) part.add(name, kept);
        });
        return part;
    }

    private static void requireNoOwnBuffers(Module module, String path) {
        if (module.namedBuffers().keySet().stream().anyMatch(n -> !n.contains("."))) {
            throw new IllegalArgumentException("the backbone module '" + path + "' has buffers of its own, which a multi-key model cannot share");
        }
    }

    private static int slotOf(String parameterName) {
        String rest = parameterName.substring(parameterName.indexOf('.') + 1);
        return Integer.parseInt(rest.substring(0, rest.indexOf('.')));
    }

    // ------------------------------------------------------------------ slots and randomization

    public int keyCount() {
        return keys.size();
    }

    public Module embedding(int slot) {
        return embeds.get(slot);
    }

    public Linear head(int slot) {
        return heads.get(slot);
    }

    /** Logits of slot {@code slot} for plain images (its transform applied first). */
    public Tensor callSlot(int slot, Tensor images) {
        return slotNetwork(slot, keys.get(slot).applyTensor(images));
    }

    /** Slot {@code slot}'s network (embedding, shared backbone, head) on images already transformed by some key. */
    private Tensor slotNetwork(int slot, Tensor transformed) {
        return heads.get(slot).call(backbone.featuresFromEmbedding(embeds.get(slot).call(transformed)));
    }

    /**
     * Slot {@code slot}'s network as a classifier of already-transformed images (what an attacker holding the weights
     * runs to score candidate keys of that slot); a view sharing this model's modules, in its train/eval mode.
     */
    public Classifier slotNetwork(int slot) {
        if (slot < 0 || slot >= keys.size()) throw new IllegalArgumentException("slot " + slot + " out of range 0.." + (keys.size() - 1));
        MultiKeyClassifier owner = this;
        return new Classifier(numClasses(), inChannels(), imageSize()) {
            @Override
            protected Tensor forward(Tensor transformed) {
                return owner.slotNetwork(slot, transformed);
            }

            @Override
            public boolean isTraining() {
                return owner.isTraining();
            }
        };
    }

    /** Random slots from now on, drawn by {@code selection} from a generator seeded with {@code seed}. */
    public MultiKeyClassifier randomize(KeySelection selection, long seed) {
        this.selection = selection;
        this.rng = new SplittableRandom(seed);
        this.fixedSlot = -1;
        return this;
    }

    /** Always slot {@code slot} from now on (training a slot, evaluating one key). */
    public MultiKeyClassifier useKey(int slot) {
        if (slot < 0 || slot >= keys.size()) throw new IllegalArgumentException("slot " + slot + " out of range 0.." + (keys.size() - 1));
        this.fixedSlot = slot;
        return this;
    }

    /** Uses slot {@code slot} and makes exactly its embedding and head trainable. */
    public MultiKeyClassifier trainSlot(int slot) {
        useKey(slot);
        freeze("embeds.*");
        freeze("heads.*");
        unfreeze("embeds." + slot + ".*");
        unfreeze("heads." + slot + ".*");
        return this;
    }

    // ------------------------------------------------------------------ RandomizedModel: the slots are the realizations

    /** Randomized when it has several slots and is not fixed to one ({@link #useKey}). */
    @Override
    public boolean isRandomized() {
        return keys.size() > 1 && fixedSlot < 0;
    }

    @Override
    public int realizations() {
        return keys.size();
    }

    /** Slot {@code index}'s logits ({@link #callSlot}): what the model answers when it draws that key. */
    @Override
    public Tensor callRealization(int index, Tensor images) {
        if (index < 0 || index >= keys.size()) throw new IllegalArgumentException("slot " + index + " out of range 0.." + (keys.size() - 1));
        return callSlot(index, images);
    }

    public KeySelection selection() {
        return selection;
    }

    /** The slot, or -1 when slots are drawn at random. */
    public int fixedSlot() {
        return fixedSlot;
    }

    /** The slots used for the images of the last call (a copy). */
    public int[] lastSlots() {
        return lastSlots.clone();
    }

    @Override
    protected Tensor forward(Tensor images) {
        int n = Math.toIntExact(images.size(0));
        int[] slots = chooseSlots(n);
        lastSlots = slots.clone();
        int first = slots.length == 0 ? 0 : slots[0];
        if (Arrays.stream(slots).allMatch(s -> s == first)) return callSlot(first, images);
        // group the images by slot, run each group, and put the rows back in input order (differentiably)
        long[] shape = images.shape();
        Tensor flat = images.reshape(n, images.numel() / n);
        List<Tensor> outputs = new ArrayList<>();
        int[] position = new int[n];
        int row = 0;
        for (int s = 0; s < keys.size(); s++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < n; i++) if (slots[i] == s) members.add(i);
            if (members.isEmpty()) continue;
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i : idx) position[i] = row++;
            Tensor group = Indexing.indexSelectRows(flat, Nd4j.createFromArray(idx)).reshape(idx.length, shape[1], shape[2], shape[3]);
            outputs.add(callSlot(s, group));
        }
        return Indexing.indexSelectRows(Tensor.cat(outputs, 0), Nd4j.createFromArray(position));
    }

    private synchronized int[] chooseSlots(int n) {
        int[] slots = new int[n];
        if (fixedSlot >= 0) Arrays.fill(slots, fixedSlot);
        else if (selection == KeySelection.PER_BATCH) Arrays.fill(slots, rng.nextInt(keys.size()));
        else for (int i = 0; i < n; i++) slots[i] = rng.nextInt(keys.size());
        return slots;
    }

    // ------------------------------------------------------------------ the frozen backbone

    /** Whether a parameter name belongs to the shared backbone (everything but embeds.* and heads.*). */
    public static boolean isBackbone(String parameterName) {
        return !parameterName.startsWith("embeds.") && !parameterName.startsWith("heads.");
    }

    /** As {@link Module#unfreeze}, but a pattern that reaches the shared backbone is an error and changes nothing. */
    @Override
    public int unfreeze(String glob) {
        Map<String, Boolean> before = new java.util.LinkedHashMap<>();
        namedParameters().forEach((name, p) -> before.put(name, p.requiresGrad()));
        int n = super.unfreeze(glob);
        List<String> backbone = trainableParameters().keySet().stream().filter(MultiKeyClassifier::isBackbone).toList();
        if (!backbone.isEmpty()) {
            namedParameters().forEach((name, p) -> p.requiresGrad(before.get(name)));
            throw new IllegalArgumentException("the backbone of a multi-key model is shared by every key and stays frozen; '" + glob
                    + "' matches " + backbone.stream().limit(5).toList() + (backbone.size() > 5 ? " ..." : ""));
        }
        return n;
    }

    @Override
    public Module setTraining(boolean on) {
        super.setTraining(on);
        children().forEach((name, child) -> {
            if (!name.equals("embeds") && !name.equals("heads")) child.setTraining(false);
        });
        return this;
    }

    // ------------------------------------------------------------------ KeyedModel

    @Override
    public Classifier classifier() {
        return this;
    }

    @Override
    public List<TransformChain> keySlots() {
        return keys;
    }

    @Override
    public ModelSpec architecture() {
        return ModelSpec.of(backbone.asClassifier());
    }

    @Override
    public Map<String, INDArray> exportedState() {
        return stateDict();
    }

    @Override
    protected String extraRepr() {
        return "keys=" + keys.size() + ", selection=" + (fixedSlot >= 0 ? "slot " + fixedSlot : selection.fileName());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("{").append(extraRepr());
        for (int i = 0; i < keys.size(); i++) sb.append(", slot ").append(i).append(": ").append(keys.get(i).describe());
        return sb.append("}").toString();
    }
}
