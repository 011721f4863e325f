package dev.mamori.models.detection;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * CenterNet's ctdet_decode: the heatmap's sigmoid, peaks kept where a value equals the maximum of its 3 x 3
 * neighbourhood (the max-pooling "NMS"), the top K peaks over all classes and cells, and a box per peak from the
 * size and offset maps at its cell, scaled by the stride to image pixels and clipped to the image (ours: CenterNet
 * leaves clipping to its post-processing); a negative predicted size counts as 0 (the size head is unbounded). As in
 * CenterNet, a cell on a flat plateau of the heatmap is a peak too (it equals its neighbourhood's maximum). Runs on the
 * CPU over the maps' values; no gradient.
 *
 * @param topK       peaks kept per image (100 in CenterNet, and the COCO evaluation's largest detection limit)
 * @param stride     output stride
 * @param imageHeight image height in pixels, for clipping
 * @param imageWidth  image width in pixels
 */
public record PeakDecoder(int topK, int stride, int imageHeight, int imageWidth) {

    public PeakDecoder {
        if (topK < 1 || stride < 1 || imageHeight < 1 || imageWidth < 1) throw new IllegalArgumentException("all sizes must be positive");
    }

    public static PeakDecoder forModel(CenterNet.Config c, int topK) {
        return new PeakDecoder(topK, c.outputStride(), c.imageSize(), c.imageSize());
    }

    /** One detection: a box in image pixels (x1, y1, x2, y2), its score (the peak's sigmoid) and class index. */
    public record Peak(double x1, double y1, double x2, double y2, double score, int classIndex) {}

    /** The detections of every image of a batch, best first. */
    public List<List<Peak>> decode(CenterNet.Maps maps) {
        return decode(maps.heatmap().value(), maps.size().value(), maps.offset().value());
    }

    /** The same from the raw arrays: heatmap logits [B, C, h, w], size and offset [B, 2, h, w]. */
    public List<List<Peak>> decode(INDArray heatmapLogits, INDArray size, INDArray offset) {
        long[] s = heatmapLogits.shape();
        if (s.length != 4) throw new IllegalArgumentException("expected heatmap logits [B, C, h, w], got " + Arrays.toString(s));
        int b = (int) s[0], c = (int) s[1], h = (int) s[2], w = (int) s[3], hw = h * w;
        float[] heat = heatmapLogits.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] wh = size.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] off = offset.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < heat.length; i++) heat[i] = (float) (1 / (1 + Math.exp(-heat[i])));
        List<List<Peak>> out = new ArrayList<>(b);
        for (int n = 0; n < b; n++) {
            List<int[]> candidates = new ArrayList<>();                     // {channel, y, x}
            int base = n * c * hw;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        if (isPeak(heat, base + ch * hw, y, x, h, w)) candidates.add(new int[]{ch, y, x});
                    }
                }
            }
            // top-k by score; ties by flat index (channel, y, x), the order torch.topk sees them in
            candidates.sort(Comparator.comparingDouble((int[] p) -> -heat[base + p[0] * hw + p[1] * w + p[2]]));
            List<Peak> peaks = new ArrayList<>(Math.min(topK, candidates.size()));
            for (int i = 0; i < Math.min(topK, candidates.size()); i++) {
                int[] p = candidates.get(i);
                int cell = p[1] * w + p[2];
                double cx = p[2] + off[(n * 2) * hw + cell], cy = p[1] + off[(n * 2 + 1) * hw + cell];
                double bw = Math.max(0, wh[(n * 2) * hw + cell]), bh = Math.max(0, wh[(n * 2 + 1) * hw + cell]);
                double x1 = clip((cx - bw / 2) * stride, imageWidth), x2 = clip((cx + bw / 2) * stride, imageWidth);
                double y1 = clip((cy - bh / 2) * stride, imageHeight), y2 = clip((cy + bh / 2) * stride, imageHeight);
                peaks.add(new Peak(x1, y1, x2, y2, heat[base + p[0] * hw + cell], p[0]));
            }
            out.add(peaks);
        }
        return out;
    }

    /** Whether the value equals the maximum of its 3 x 3 neighbourhood (max_pool2d(3, stride 1, padding 1) == value). */
    private static boolean isPeak(float[] heat, int channel, int y, int x, int h, int w) {
        float v = heat[channel + y * w + x];
        for (int dy = -1; dy <= 1; dy++) {
            int yy = y + dy;
            if (yy < 0 || yy >= h) continue;
            for (int dx = -1; dx <= 1; dx++) {
                int xx = x + dx;
                if (xx >= 0 && xx < w && heat[channel + yy * w + xx] > v) return false;
            }
        }
        return true;
    }

    private static double clip(double v, double max) {
        return Math.min(Math.max(v, 0), max);
    }
}
