package dev.mamori.methods.genattack.attributes;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.autograd.ops.Reduction;
import dev.mamori.generative.training.EncoderTrainingStep;
import dev.mamori.models.ConvMixer;
import dev.mamori.nn.init.Init;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Adam;
import dev.mamori.nn.optim.LrSchedule;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.methods.encryption.attacks.TrainingCheckpoints;
import dev.mamori.nn.train.StepResult;
import dev.mamori.nn.train.TrainBatch;
import dev.mamori.nn.train.Trainer;
import dev.mamori.nn.train.TrainerConfig;
import dev.mamori.nn.train.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A multi-head face-attribute classifier: one ConvMixer whose output is the concatenation of one logit group per
 * attribute (skin tone, hair, gender, eyeglasses), trained with the sum of the groups' cross-entropies, each weighted
 * by inverse class frequency (so that it is fitted for balanced accuracy, the score it is judged by, and does not
 * learn to answer "no eyeglasses" always). Trained on plain faces it is the attack's judge: what it reads from a
 * reconstruction is what the attack recovered. Trained on encrypted faces (an input transform that encrypts each
 * training image with a fresh key, {@code FreshKeyEncryption}) it is the upper bound of what the encrypted images leak
 * to a learner.
 */
public final class AttributeClassifier {
    private final ConvMixer net;
    private final List<String> attributes;
    private final int[] sizes;

    private AttributeClassifier(ConvMixer net, List<String> attributes, int[] sizes) {
        this.net = net;
        this.attributes = attributes;
        this.sizes = sizes;
    }

    /** Architecture and budget: a ConvMixer (width, depth, kernel, patch = the encryption's block size) and Adam. */
    public record Settings(int dim, int depth, int kernelSize, int patchSize, int epochs, int batchSize, double lr, long seed) {
        public Settings {
            if (dim < 1 || depth < 1 || kernelSize < 1 || patchSize < 1 || epochs < 1 || batchSize < 1 || !(lr > 0)) {
                throw new IllegalArgumentException("attribute classifier settings must be positive: " + this);
            }
        }

        public String describe() {
            return String.format(Locale.ROOT, "ConvMixer %d wide, %d deep, kernel %d, patch %d; %d epochs x batch %d, Adam lr %g (one cycle)", dim, depth,
                    kernelSize, patchSize, epochs, batchSize, lr);
        }
    }

    /** The name of the network and its optimizer in checkpoints. */
    static final String MODEL = "attributes";

    /**
     * Trains on {@code plain} images [N, C, H, W] in [0, 1] with their {@code labels}; {@code inputs}, when not null,
     * turns each batch into what the classifier sees (encrypting it), with the step's seeded generator. A
     * {@link dev.mamori.nn.train.Trainer} step (AdamW, one-cycle learning rate, a shuffled pass over the images per
     * epoch): it checkpoints into {@code checkpoints} ({@link TrainingCheckpoints#NONE}: nowhere), a killed training
     * continues from there to the same weights, and a finished one is restored without training.
     *
     * @param inputShape the classifier's input [C', H', W'] (the plain shape without a transform)
     */
    public static AttributeClassifier train(INDArray plain, AttributeLabels labels, EncoderTrainingStep.InputTransform inputs, long[] inputShape,
                                            Settings s, TrainingCheckpoints checkpoints) {
        return train(plain, labels, inputs, inputShape, s, checkpoints, Long.MAX_VALUE);
    }

    /** As the public {@code train}, stopping (with a checkpoint) after {@code stopAfter} steps in all: a kill, for tests. */
    static AttributeClassifier train(INDArray plain, AttributeLabels labels, EncoderTrainingStep.InputTransform inputs, long[] inputShape,
                                     Settings s, TrainingCheckpoints checkpoints, long stopAfter) {
        int n = (int) plain.size(0);
        if (labels.images() != n) throw new IllegalArgumentException(labels.images() + " label rows for " + n + " images");
        if (inputShape[1] != inputShape[2]) throw new IllegalArgumentException("the attribute classifier takes square inputs, got " + java.util.Arrays.toString(inputShape));
        int[] sizes = labels.classes().stream().mapToInt(List::size).toArray();
        Init.seed(s.seed());
        ConvMixer net = new ConvMixer(new ConvMixer.Config(s.dim(), s.depth(), s.kernelSize(), s.patchSize(), (int) inputShape[0], labels.totalClasses(),
                (int) inputShape[1], "gelu"));
        AttributeClassifier model = new AttributeClassifier(net, labels.attributes(), sizes);
        float[][] weights = classWeights(labels);
        // The batch's "labels" are the images' row numbers: the step looks every attribute's label up by row.
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) rows[i] = i;
        InMemoryBatchSource batches = new InMemoryBatchSource(plain, rows, s.batchSize(), true);
        TrainingStep<TrainBatch> step = (batch, ctx) -> {
            INDArray x = inputs == null ? batch.inputs() : inputs.apply(batch.inputs(), ctx.random());
            int b = batch.size();
            ctx.zeroGrad(MODEL);
            Tensor logits = net.call(Tensor.of(x));
            Tensor total = null;
            for (int a = 0, off = 0; a < sizes.length; off += sizes[a], a++) {
                int[] y = new int[b];
                float[] w = new float[b];
                for (int i = 0; i < b; i++) {
                    y[i] = labels.labels()[a][batch.labels()[i]];
                    w[i] = weights[a][y[i]];
                }
                Tensor ce = Losses.crossEntropy(logits.slice(1, off, off + sizes[a]), y, 0, Reduction.NONE)
                        .mul(Tensor.of(Nd4j.createFromArray(w).castTo(logits.value().dataType()))).mean();
                total = total == null ? ce : total.add(ce);
            }
            total.backward();
            ctx.step(MODEL);
            return StepResult.of(b).mean("loss", total.item());
        };
        long steps = batches.batchesPerEpoch() * s.epochs();
        TrainerConfig config = checkpoints.applyTo(TrainerConfig.epochs(s.epochs()).withSeed(s.seed()).withMaxSteps(stopAfter));
        Trainer<TrainBatch> trainer = Trainer.builder(step, config).module(MODEL, net)
                .optimizer(MODEL, Adam.adamW(net.trainableParameters(), s.lr(), 1e-4), LrSchedule.oneCycle(s.lr(), steps))
                .build();
        net.train();
        if (checkpoints.dir() != null) trainer.resume(batches);
        else trainer.fit(batches);
        net.eval();
        return model;
    }

    /** Inverse-frequency class weights per attribute, normalized to mean 1 over the training images (0 for absent classes). */
    static float[][] classWeights(AttributeLabels labels) {
        float[][] out = new float[labels.attributes().size()][];
        for (int a = 0; a < out.length; a++) {
            int k = labels.classes().get(a).size();
            int[] counts = new int[k];
            for (int y : labels.labels()[a]) counts[y]++;
            int present = 0;
            for (int c : counts) if (c > 0) present++;
            out[a] = new float[k];
            for (int c = 0; c < k; c++) out[a][c] = counts[c] == 0 ? 0f : (float) labels.images() / (present * counts[c]);
        }
        return out;
    }

    public List<String> attributes() {
        return attributes;
    }

    /** Predicted classes [attribute][image] of inputs [N, C', H', W'] (what it was trained to see), in chunks of 256. */
    public int[][] predict(INDArray inputs) {
        int n = (int) inputs.size(0);
        int[][] out = new int[sizes.length][n];
        net.eval();
        for (int s = 0; s < n; s += 256) {
            int e = Math.min(n, s + 256);
            try (MemoryScope ignored = MemoryScope.open("attribute-predict"); GradMode.Scope noGrad = GradMode.noGrad()) {
                INDArray logits = net.call(Tensor.of(inputs.get(NDArrayIndex.interval(s, e)).dup('c'))).value();
                for (int a = 0, off = 0; a < sizes.length; off += sizes[a], a++) {
                    int[] arg = logits.get(NDArrayIndex.all(), NDArrayIndex.interval(off, off + sizes[a])).argMax(1).toIntVector();
                    System.arraycopy(arg, 0, out[a], s, arg.length);
                }
            }
        }
        MemoryScope.release("attribute-predict");
        return out;
    }

    /** The network, for tests. */
    ConvMixer network() {
        return net;
    }

    public long parameterCount() {
        return net.parameterCount();
    }

    /** For reports: the attributes with their head sizes. */
    public List<String> heads() {
        List<String> out = new ArrayList<>();
        for (int a = 0; a < sizes.length; a++) out.add(attributes.get(a) + " (" + sizes[a] + ")");
        return out;
    }
}
