package dev.mamori.eval.bench.samediff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The arrays a SameDiff benchmark model keeps between graphs: its trainable parameters and the running statistics of
 * its batch norms. The training graph and the inference graph are built over the same INDArray objects (SameDiff keeps
 * the reference it is given), so an in-place update by the optimizer is seen by both graphs without copying.
 */
final class SdWeights {
    /** How a new parameter is filled. */
    interface Init {
        void fill(float[] values, SplittableRandom random);

        /** PyTorch's default for conv and linear layers: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) for weights and biases. */
        static Init uniformFanIn(long fanIn) {
            double bound = 1 / Math.sqrt(fanIn);
            return (v, r) -> {
                for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * r.nextDouble() - 1) * bound);
            };
        }

        static Init constant(float value) {
            return (v, r) -> Arrays.fill(v, value);
        }

        static Init normal(double std) {
            return (v, r) -> {
                for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * std);
            };
        }
    }

    /** Running mean and (unbiased) variance of one batch norm, as PyTorch keeps them (momentum 0.1). */
    record RunningStats(INDArray mean, INDArray variance) {
        static final double MOMENTUM = 0.1;

        /** Folds in one batch's statistics; {@code count} is the number of values per channel (N*H*W). */
        void update(INDArray batchMean, INDArray batchVariance, long count) {
            mean.muli(1 - MOMENTUM).addi(batchMean.reshape(mean.shape()).mul(MOMENTUM));
            variance.muli(1 - MOMENTUM).addi(batchVariance.reshape(variance.shape()).mul(MOMENTUM * count / (count - 1.0)));
        }
    }

    private final SplittableRandom random;
    private final Map<String, INDArray> parameters = new LinkedHashMap<>();
    private final Map<String, RunningStats> runningStats = new LinkedHashMap<>();

    SdWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The parameter called {@code name}; created with {@code init} the first time it is asked for. */
    INDArray parameter(String name, long[] shape, Init init) {
        INDArray existing = parameters.get(name);
        if (existing != null) {
            if (!Arrays.equals(existing.shape(), shape)) {
                throw new IllegalStateException("parameter '" + name + "' has shape " + Arrays.toString(existing.shape())
                        + " but the graph asks for " + Arrays.toString(shape));
            }
            return existing;
        }
        float[] values = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        init.fill(values, random);
        INDArray created = Nd4j.create(values, shape);
        parameters.put(name, created);
        return created;
    }

    /** The running statistics of the batch norm called {@code name} (mean 0, variance 1 at first). */
    RunningStats runningStats(String name, long channels) {
        return runningStats.computeIfAbsent(name,
                n -> new RunningStats(Nd4j.zeros(DataType.FLOAT, channels), Nd4j.ones(DataType.FLOAT, channels)));
    }

    /** Parameters by name, in creation order. */
    Map<String, INDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    Map<String, RunningStats> runningStats() {
        return Collections.unmodifiableMap(runningStats);
    }

    long parameterCount() {
        return parameters.values().stream().mapToLong(INDArray::length).sum();
    }
}
