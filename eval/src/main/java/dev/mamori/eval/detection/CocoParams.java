package dev.mamori.eval.detection;

import java.util.Arrays;
import java.util.List;

/**
 * The settings of a COCO-style box evaluation, pycocotools' Params for iouType "bbox": IoU thresholds (default
 * 0.50:0.05:0.95), recall thresholds (default 0:0.01:1, the 101-point interpolation), detection limits per image
 * and category (default 1, 10, 100) and area ranges (all, small below 32^2, medium up to 96^2, large). Thresholds are
 * computed as numpy's linspace computes them, so that an IoU exactly on a threshold decides as it does there.
 *
 * @param iouThresholds    a detection matches an object when their IoU is >= the threshold
 * @param recallThresholds where the interpolated precision is read
 * @param maxDetections    detection limits, ascending; the last is also the number kept per image and category
 * @param areaRanges       named object-area ranges; the first must be "all"
 */
public record CocoParams(double[] iouThresholds, double[] recallThresholds, int[] maxDetections, List<AreaRange> areaRanges) {

    /** A named range of object areas [min, max] in square pixels, both ends inclusive (as pycocotools compares). */
    public record AreaRange(String label, double min, double max) {}

    public CocoParams {
        iouThresholds = iouThresholds.clone();
        recallThresholds = recallThresholds.clone();
        maxDetections = maxDetections.clone();
        areaRanges = List.copyOf(areaRanges);
        if (iouThresholds.length == 0) throw new IllegalArgumentException("at least one IoU threshold is needed");
        for (double t : iouThresholds) if (!(t > 0 && t <= 1)) throw new IllegalArgumentException("IoU thresholds must be in (0, 1], got " + t);
        if (recallThresholds.length == 0) throw new IllegalArgumentException("at least one recall threshold is needed");
        for (int i = 1; i < recallThresholds.length; i++) {
            if (!(recallThresholds[i] > recallThresholds[i - 1])) throw new IllegalArgumentException("recall thresholds must ascend");
        }
        if (maxDetections.length == 0) throw new IllegalArgumentException("at least one detection limit is needed");
        for (int i = 0; i < maxDetections.length; i++) {
            if (maxDetections[i] < 1 || (i > 0 && maxDetections[i] <= maxDetections[i - 1])) {
                throw new IllegalArgumentException("detection limits must be positive and ascending, got " + Arrays.toString(maxDetections));
            }
        }
        if (areaRanges.isEmpty() || !areaRanges.get(0).label().equals("all")) throw new IllegalArgumentException("the first area range must be 'all'");
    }

    /** COCO's defaults for boxes. */
    public static CocoParams defaults() {
        return new CocoParams(linspace(0.5, 0.95, 10), linspace(0.0, 1.0, 101), new int[]{1, 10, 100}, List.of(
                new AreaRange("all", 0, 1e10), new AreaRange("small", 0, 32 * 32), new AreaRange("medium", 32 * 32, 96 * 96),
                new AreaRange("large", 96 * 96, 1e10)));
    }

    /** The same with other IoU thresholds. */
    public CocoParams withIouThresholds(double... thresholds) {
        return new CocoParams(thresholds, recallThresholds, maxDetections, areaRanges);
    }

    /** The same with other detection limits. */
    public CocoParams withMaxDetections(int... limits) {
        return new CocoParams(iouThresholds, recallThresholds, limits, areaRanges);
    }

    /** numpy.linspace(start, stop, num): start + i * ((stop - start) / (num - 1)), the last value exactly stop. */
    public static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        double step = (stop - start) / (num - 1);
        for (int i = 0; i < num; i++) y[i] = i * step + start;
        y[num - 1] = stop;
        return y;
    }

    /** The index of an IoU threshold (within 1e-9: exact float equality is a known trap with custom thresholds). */
    public int iouIndex(double threshold) {
        for (int i = 0; i < iouThresholds.length; i++) if (Math.abs(iouThresholds[i] - threshold) < 1e-9) return i;
        throw new IllegalArgumentException("IoU threshold " + threshold + " is not one of the evaluated " + Arrays.toString(iouThresholds));
    }

    public int areaIndex(String label) {
        for (int i = 0; i < areaRanges.size(); i++) if (areaRanges.get(i).label().equals(label)) return i;
        throw new IllegalArgumentException("no area range '" + label + "'; have " + areaRanges.stream().map(AreaRange::label).toList());
    }

    public int maxDetectionsIndex(int limit) {
        for (int i = 0; i < maxDetections.length; i++) if (maxDetections[i] == limit) return i;
        throw new IllegalArgumentException("detection limit " + limit + " is not one of " + Arrays.toString(maxDetections));
    }

    /** The largest detection limit: detections kept per image and category. */
    public int maxKept() {
        return maxDetections[maxDetections.length - 1];
    }
}
