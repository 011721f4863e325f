package dev.mamori.generative.training;

import dev.mamori.nn.Stochastic;
import dev.mamori.nn.train.BatchSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Captioned examples held in memory (float32 arrays [N, ...] and caption indices) as the trainer's {@link BatchSource}:
 * epoch e of a run with seed s visits them in an order that is a pure function of (s, e), so a resumed run sees the
 * same batches; optionally each image is mirrored left-right with probability 1/2 (drawn from the same pair). The
 * last batch may be smaller.
 */
public final class CaptionedBatchSource implements BatchSource<CaptionedBatch> {
    private final float[] values;
    private final long[] itemShape;
    private final int itemLength;
    private final int[] captions;
    private final int batchSize;
    private final boolean flip;

    /** {@code flip}: mirror images (arrays [N, C, H, W]) at random; never for latents or moments. */
    public CaptionedBatchSource(INDArray inputs, int[] captions, int batchSize, boolean flip) {
        if (inputs.size(0) != captions.length) throw new IllegalArgumentException(inputs.size(0) + " inputs with " + captions.length + " captions");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (flip && inputs.rank() != 4) throw new IllegalArgumentException("flipping needs images [N, C, H, W]");
        this.values = inputs.castTo(DataType.FLOAT).dup('c').data().asFloat();
        this.itemShape = Arrays.copyOfRange(inputs.shape(), 1, inputs.rank());
        this.itemLength = Math.toIntExact(inputs.length() / Math.max(1, inputs.size(0)));
        this.captions = captions.clone();
        this.batchSize = batchSize;
        this.flip = flip;
    }

    @Override
    public Iterator<CaptionedBatch> epoch(int epoch, long seed) {
        int n = captions.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rng = new SplittableRandom(Stochastic.mix(seed, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] mirror = new boolean[n];
        if (flip) for (int i = 0; i < n; i++) mirror[i] = rng.nextBoolean();
        return new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public CaptionedBatch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int b = Math.min(batchSize, n - next);
                float[] x = new float[b * itemLength];
                int[] c = new int[b];
                for (int i = 0; i < b; i++) {
                    int src = order[next + i];
                    if (mirror[next + i]) mirrorInto(src, x, i * itemLength);
                    else System.arraycopy(values, src * itemLength, x, i * itemLength, itemLength);
                    c[i] = captions[src];
                }
                next += b;
                long[] shape = new long[itemShape.length + 1];
                shape[0] = b;
                System.arraycopy(itemShape, 0, shape, 1, itemShape.length);
                return new CaptionedBatch(Nd4j.create(x, shape, 'c'), c);
            }
        };
    }

    private void mirrorInto(int src, float[] out, int offset) {
        int w = (int) itemShape[2], rows = itemLength / w;
        for (int r = 0; r < rows; r++) {
            int from = src * itemLength + r * w, to = offset + r * w;
            for (int x = 0; x < w; x++) out[to + x] = values[from + w - 1 - x];
        }
    }

    @Override
    public long batchesPerEpoch() {
        return (captions.length + batchSize - 1) / batchSize;
    }

    @Override
    public long examples() {
        return captions.length;
    }
}
