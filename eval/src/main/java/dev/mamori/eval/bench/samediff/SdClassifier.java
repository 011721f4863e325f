package dev.mamori.eval.bench.samediff;

import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A suite classifier as two SameDiff graphs over the same parameter arrays, for a fixed batch size: a training graph
 * (batch-statistics batch norm, Adam on every parameter) and an inference graph (running statistics) that also gives
 * the gradient of the loss with respect to the input images, as one attack step needs. Loss: mean cross-entropy.
 */
public final class SdClassifier {
    public static final String INPUT = "input", LABELS = "labels", LOGITS = "logits", LOSS = "loss";

    private final SdArchitecture architecture;
    private final int batch;
    private final SdWeights weights;
    private final SameDiff training, inference;
    private final List<SdGraph.BatchStats> batchStats;
    private final List<String> trainingOutputs = new ArrayList<>();
    private final Map<String, GradientUpdater> updaters = new LinkedHashMap<>();
    private int iteration;

    private SdClassifier(SdArchitecture architecture, int batch, long seed, double learningRate) {
        this.architecture = architecture;
        this.batch = batch;
        this.weights = new SdWeights(seed);
        SdGraph trainingGraph = build(SdGraph.Mode.TRAINING);
        this.training = trainingGraph.sd;
        this.batchStats = trainingGraph.batchStats();
        this.inference = build(SdGraph.Mode.INFERENCE).sd;
        long count = weights.parameterCount();
        if (count != architecture.expectedParameters()) {
            throw new IllegalStateException("SameDiff '" + architecture.caseName() + "' has " + count + " parameters; SUITE.md says "
                    + architecture.expectedParameters() + ": not the suite's model");
        }
        trainingOutputs.add(LOSS);
        for (SdGraph.BatchStats s : batchStats) {
            trainingOutputs.add(s.mean().name());
            trainingOutputs.add(s.variance().name());
        }
        Adam adam = new Adam(learningRate);
        weights.parameters().forEach((name, p) ->
                updaters.put(name, adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(p.length())), true)));
        // Differentiation is set up once here, not on the first timed call; the inference graph must name the
        // placeholder explicitly, or its gradient can silently be missing (docs/SAMEDIFF.md).
        quietly(training::createGradFunction);
        quietly(() -> inference.createGradFunction(INPUT));
    }

    /** The suite's model for {@code caseName} ("convmixer", "vit", "resnet") for batches of {@code batch}, Adam at lr. */
    public static SdClassifier create(String caseName, int batch, long seed, double learningRate) {
        return new SdClassifier(architecture(caseName), batch, seed, learningRate);
    }

    /** The suite's case names. */
    public static List<String> cases() {
        return List.of("convmixer", "vit", "resnet");
    }

    static SdArchitecture architecture(String caseName) {
        return switch (caseName) {
            case "convmixer" -> new SdConvMixer();
            case "vit" -> new SdVisionTransformer();
            case "resnet" -> new SdResNet();
            default -> throw new IllegalArgumentException("unknown benchmark case '" + caseName + "'; cases: " + cases());
        };
    }

    private SdGraph build(SdGraph.Mode mode) {
        SdGraph g = new SdGraph(SameDiff.create(), mode, weights);
        int size = SdArchitecture.IMAGE_SIZE;
        SDVariable images = g.sd.placeHolder(INPUT, DataType.FLOAT, batch, 1, size, size);
        SDVariable labels = g.sd.placeHolder(LABELS, DataType.FLOAT, batch, SdArchitecture.CLASSES);
        SDVariable logits = architecture.logits(g, images.permute(0, 2, 3, 1), batch).rename(LOGITS);
        g.sd.loss().softmaxCrossEntropy(LOSS, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        g.sd.setLossVariables(LOSS);
        return g;
    }

    public String caseName() {
        return architecture.caseName();
    }

    public int batchSize() {
        return batch;
    }

    public long parameterCount() {
        return weights.parameterCount();
    }

    /** Parameter arrays by name (shared by both graphs; updated in place by {@link #trainStep}). */
    public Map<String, INDArray> parameters() {
        return weights.parameters();
    }

    /** One training step: forward with batch statistics, backward, Adam, running statistics. Returns the loss. */
    public double trainStep(INDArray images, int[] labels) {
        OutAndGrad result = training.calculateGradientsAndOutputs(feed(images, labels), trainingOutputs, weights.parameters().keySet());
        Map<String, INDArray> gradients = result.getGradients();
        for (Map.Entry<String, INDArray> p : weights.parameters().entrySet()) {
            INDArray gradient = gradients.get(p.getKey());
            if (gradient == null) throw new IllegalStateException("SameDiff returned no gradient for parameter '" + p.getKey() + "'");
            updaters.get(p.getKey()).applyUpdater(gradient, iteration, 0); // turns the gradient into the Adam step
            p.getValue().subi(gradient);
        }
        iteration++;
        Map<String, INDArray> outputs = result.getOutputs();
        for (SdGraph.BatchStats s : batchStats) {
            weights.runningStats().get(s.name()).update(outputs.get(s.mean().name()), outputs.get(s.variance().name()), s.count());
        }
        double loss = outputs.get(LOSS).getDouble(0);
        releaseNativeArrays();
        return loss;
    }

    /** Logits [batch, 10] in inference mode (running batch norm statistics). */
    public INDArray logits(INDArray images) {
        checkImages(images);
        return inference.batchOutput().input(INPUT, images).output(LOGITS).outputSingle();
    }

    /** Mean cross-entropy in inference mode. */
    public double loss(INDArray images, int[] labels) {
        return inference.batchOutput().inputs(feed(images, labels)).output(LOSS).outputSingle().getDouble(0);
    }

    /** Gradient of the inference-mode loss with respect to the images, [batch, 1, 28, 28]. */
    public INDArray inputGradient(INDArray images, int[] labels) {
        INDArray gradient = inference.calculateGradients(feed(images, labels), INPUT).get(INPUT);
        releaseNativeArrays();
        return gradient;
    }

    /**
     * SameDiff M2.1 allocates fresh native arrays for the backward pass on every gradient call (about 1.5 GB for
     * the ConvMixer at batch 128) and frees them only when the Java garbage collector collects their wrappers, which
     * a small Java heap rarely triggers: without this, memory grew by that much per step until JavaCPP's limit forced
     * a collection (or the kernel killed the process), and steps were 1.5-3x slower. Collecting only when JavaCPP's
     * Pointer.totalBytes() passed 3 GB did not keep memory down (it reached 19 GB) and was slower; ND4J's periodic GC
     * (togglePeriodicGc, window 500 ms) did nothing here. The collection is part of the timed step.
     */
    private static void releaseNativeArrays() {
        System.gc();
    }

    /** The graphs themselves, for profiling and tests. */
    SameDiff trainingGraph() {
        return training;
    }

    SameDiff inferenceGraph() {
        return inference;
    }

    /** An inference-mode output by graph name (e.g. {@link SdArchitecture#FEATURES}). */
    INDArray inferenceOutput(INDArray images, String name) {
        checkImages(images);
        return inference.batchOutput().input(INPUT, images).output(name).outputSingle();
    }

    private Map<String, INDArray> feed(INDArray images, int[] labels) {
        checkImages(images);
        if (labels.length != batch) {
            throw new IllegalArgumentException("labels: expected " + batch + " (the batch size this graph was built for), got " + labels.length);
        }
        float[] oneHot = new float[batch * SdArchitecture.CLASSES];
        for (int i = 0; i < batch; i++) {
            if (labels[i] < 0 || labels[i] >= SdArchitecture.CLASSES) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + ": expected a class in [0, " + SdArchitecture.CLASSES + ")");
            }
            oneHot[i * SdArchitecture.CLASSES + labels[i]] = 1;
        }
        return Map.of(INPUT, images, LABELS, Nd4j.create(oneHot, new long[]{batch, SdArchitecture.CLASSES}));
    }

    private void checkImages(INDArray images) {
        long[] expected = {batch, 1, SdArchitecture.IMAGE_SIZE, SdArchitecture.IMAGE_SIZE};
        if (!Arrays.equals(images.shape(), expected) || images.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("images: expected FLOAT " + Arrays.toString(expected) + ", got "
                    + images.dataType() + " " + Arrays.toString(images.shape()));
        }
    }

    /** SameDiff M2.1's createGradFunction prints a line per differentiated op to System.out; keep stdout clean. */
    private static void quietly(Runnable body) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            body.run();
        } finally {
            System.setOut(out);
        }
    }
}
