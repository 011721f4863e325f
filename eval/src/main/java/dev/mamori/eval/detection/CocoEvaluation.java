package dev.mamori.eval.detection;

import dev.mamori.data.Box;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COCO-style average precision and recall of box detections, computed as pycocotools' COCOeval (iouType "bbox") does:
 * per image and category, detections sorted by score (stable) and cut to the largest detection limit; greedy matching
 * at each IoU threshold (a detection takes the unmatched object of highest IoU >= the threshold, non-crowd objects
 * before crowd ones; crowd objects match any number of detections, with IoU measured against the detection's area);
 * objects outside the area range and crowd regions are ignored, as are unmatched detections outside the area range;
 * then over all images, precision is made monotone from the right and read at the recall thresholds (101-point
 * interpolation), recall is the final recall. Means skip (category, threshold) cells without objects.
 *
 * <p>Two deliberate departures, both making the code safer, neither changing any number on valid input: matches are
 * kept as flags, not as annotation ids (pycocotools treats an annotation id of 0 as "unmatched"), and a detection of a
 * category or image the ground truth does not know is an error instead of being silently dropped. An undefined
 * average (no object in any cell) is NaN where pycocotools returns -1.
 */
public final class CocoEvaluation {
    /** Numpy's spacing(1), which pycocotools adds to tp + fp. */
    private static final double SPACING_1 = Math.ulp(1.0);

    private final CocoParams params;
    /** precision[t][r][k][a][m], -1 where undefined. */
    private final double[][][][][] precision;
    /** recall[t][k][a][m], -1 where undefined. */
    private final double[][][][] recall;
    private final List<Integer> categories;

    private CocoEvaluation(CocoParams params, double[][][][][] precision, double[][][][] recall, List<Integer> categories) {
        this.params = params;
        this.precision = precision;
        this.recall = recall;
        this.categories = categories;
    }

    /** Evaluates with COCO's default settings. */
    public static CocoEvaluation evaluate(GroundTruth truth, List<Detection> detections) {
        return evaluate(truth, detections, CocoParams.defaults());
    }

    public static CocoEvaluation evaluate(GroundTruth truth, List<Detection> detections, CocoParams params) {
        Set<Long> images = new HashSet<>(truth.imageIds());
        Set<Integer> cats = new HashSet<>(truth.categories());
        Map<Cell, List<GroundTruth.Instance>> gts = new HashMap<>();
        Map<Cell, List<Detection>> dts = new HashMap<>();
        for (GroundTruth.Instance g : truth.objects()) gts.computeIfAbsent(new Cell(g.imageId(), g.category()), c -> new ArrayList<>()).add(g);
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            if (!images.contains(d.imageId())) throw new IllegalArgumentException("detections[" + i + "] is on image " + d.imageId() + ", which the ground truth does not have");
            if (!cats.contains(d.category())) throw new IllegalArgumentException("detections[" + i + "] has category " + d.category() + ", which the ground truth does not have");
            dts.computeIfAbsent(new Cell(d.imageId(), d.category()), c -> new ArrayList<>()).add(d);
        }
        int t = params.iouThresholds().length, r = params.recallThresholds().length, k = truth.categories().size();
        int a = params.areaRanges().size(), m = params.maxDetections().length;
        double[][][][][] precision = new double[t][r][k][a][m];
        double[][][][] recall = new double[t][k][a][m];
        for (double[][][][] pt : precision) for (double[][][] pr : pt) for (double[][] pk : pr) for (double[] pa : pk) Arrays.fill(pa, -1);
        for (double[][][] rt : recall) for (double[][] rk : rt) for (double[] ra : rk) Arrays.fill(ra, -1);

        for (int ki = 0; ki < k; ki++) {
            int category = truth.categories().get(ki);
            for (int ai = 0; ai < a; ai++) {
                CocoParams.AreaRange range = params.areaRanges().get(ai);
                List<ImageResult> results = new ArrayList<>();
                for (long image : truth.imageIds()) {
                    Cell cell = new Cell(image, category);
                    ImageResult e = evaluateImage(gts.getOrDefault(cell, List.of()), dts.getOrDefault(cell, List.of()), range, params);
                    if (e != null) results.add(e);
                }
                if (results.isEmpty()) continue;
                for (int mi = 0; mi < m; mi++) accumulate(results, params, params.maxDetections()[mi], precision, recall, ki, ai, mi);
            }
        }
        return new CocoEvaluation(params, precision, recall, truth.categories());
    }

    private record Cell(long image, int category) {}

    /** One image and category: detection scores (sorted), matches and ignore flags per threshold, object ignore flags. */
    private record ImageResult(double[] scores, boolean[][] matched, boolean[][] ignored, boolean[] gtIgnored) {}

    /** pycocotools' evaluateImg for one image, category and area range at the largest detection limit; null when empty. */
    private static ImageResult evaluateImage(List<GroundTruth.Instance> gtIn, List<Detection> dtIn, CocoParams.AreaRange range, CocoParams p) {
        if (gtIn.isEmpty() && dtIn.isEmpty()) return null;
        int g = gtIn.size();
        boolean[] ignore = new boolean[g];
        for (int i = 0; i < g; i++) {
            GroundTruth.Instance o = gtIn.get(i);
            ignore[i] = o.crowd() || o.area() < range.min() || o.area() > range.max();
        }
        // objects that count first, ignored ones last (stable)
        Integer[] gtOrder = new Integer[g];
        for (int i = 0; i < g; i++) gtOrder[i] = i;
        Arrays.sort(gtOrder, Comparator.comparingInt(i -> ignore[i] ? 1 : 0));
        List<GroundTruth.Instance> gt = new ArrayList<>(g);
        boolean[] gtIgnored = new boolean[g];
        for (int i = 0; i < g; i++) {
            gt.add(gtIn.get(gtOrder[i]));
            gtIgnored[i] = ignore[gtOrder[i]];
        }
        List<Detection> dt = new ArrayList<>(dtIn);
        dt.sort(Comparator.comparingDouble(d -> -d.score()));             // List.sort is stable, as numpy's mergesort
        if (dt.size() > p.maxKept()) dt = new ArrayList<>(dt.subList(0, p.maxKept()));
        int d = dt.size(), t = p.iouThresholds().length;

        double[][] ious = new double[d][g];
        for (int di = 0; di < d; di++) for (int gi = 0; gi < g; gi++) ious[di][gi] = iou(dt.get(di).box(), gt.get(gi).box(), gt.get(gi).crowd());

        boolean[][] gtMatched = new boolean[t][g];
        boolean[][] dtMatched = new boolean[t][d];
        boolean[][] dtIgnored = new boolean[t][d];
        if (g > 0 && d > 0) {
            for (int ti = 0; ti < t; ti++) {
                for (int di = 0; di < d; di++) {
                    double best = Math.min(p.iouThresholds()[ti], 1 - 1e-10);
                    int match = -1;
                    for (int gi = 0; gi < g; gi++) {
                        if (gtMatched[ti][gi] && !gt.get(gi).crowd()) continue;     // taken, and not a crowd
                        if (match > -1 && !gtIgnored[match] && gtIgnored[gi]) break; // matched a real object: ignored ones do not beat it
                        if (ious[di][gi] < best) continue;
                        best = ious[di][gi];
                        match = gi;
                    }
                    if (match == -1) continue;
                    dtIgnored[ti][di] = gtIgnored[match];
                    dtMatched[ti][di] = true;
                    gtMatched[ti][match] = true;
                }
            }
        }
        double[] scores = new double[d];
        for (int di = 0; di < d; di++) {
            scores[di] = dt.get(di).score();
            double area = dt.get(di).box().area();
            boolean outside = area < range.min() || area > range.max();
            for (int ti = 0; ti < t; ti++) if (!dtMatched[ti][di] && outside) dtIgnored[ti][di] = true;
        }
        return new ImageResult(scores, dtMatched, dtIgnored, gtIgnored);
    }

    /**
     * pycocotools' bbIou: intersection over union in double precision from (x, y, w, h); for a crowd object, over the
     * detection's area.
     */
    static double iou(Box dt, Box gt, boolean crowd) {
        double w = Math.min(dt.x() + dt.width(), gt.x() + gt.width()) - Math.max(dt.x(), gt.x());
        if (w <= 0) return 0;
        double h = Math.min(dt.y() + dt.height(), gt.y() + gt.height()) - Math.max(dt.y(), gt.y());
        if (h <= 0) return 0;
        double inter = w * h, dtArea = dt.width() * dt.height();
        return inter / (crowd ? dtArea : dtArea + gt.width() * gt.height() - inter);
    }

    /** pycocotools' accumulate for one category, area range and detection limit. */
    private static void accumulate(List<ImageResult> results, CocoParams p, int maxDet, double[][][][][] precision, double[][][][] recall,
                                   int k, int a, int m) {
        int t = p.iouThresholds().length;
        int total = 0, npig = 0;
        for (ImageResult e : results) {
            total += Math.min(maxDet, e.scores().length);
            for (boolean ig : e.gtIgnored()) if (!ig) npig++;
        }
        if (npig == 0) return;
        double[] scores = new double[total];
        int[] owner = new int[total], position = new int[total];
        int n = 0;
        for (int i = 0; i < results.size(); i++) {
            ImageResult e = results.get(i);
            for (int j = 0; j < Math.min(maxDet, e.scores().length); j++, n++) {
                scores[n] = e.scores()[j];
                owner[n] = i;
                position[n] = j;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));   // stable: ties keep image order
        double[] recallThresholds = p.recallThresholds();
        for (int ti = 0; ti < t; ti++) {
            double[] rc = new double[total], pr = new double[total];
            double tp = 0, fp = 0;
            for (int i = 0; i < total; i++) {
                ImageResult e = results.get(owner[order[i]]);
                int j = position[order[i]];
                boolean matched = e.matched()[ti][j], ignored = e.ignored()[ti][j];
                if (matched && !ignored) tp++;
                if (!matched && !ignored) fp++;
                rc[i] = tp / npig;
                pr[i] = tp / (fp + tp + SPACING_1);
            }
            recall[ti][k][a][m] = total > 0 ? rc[total - 1] : 0;
            for (int i = total - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
            for (int ri = 0; ri < recallThresholds.length; ri++) {
                int at = searchLeft(rc, recallThresholds[ri]);
                precision[ti][ri][k][a][m] = at < total ? pr[at] : 0;
            }
        }
    }

    /** numpy.searchsorted(sorted, value, side="left"): the first index whose value is >= value. */
    private static int searchLeft(double[] sorted, double value) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    // ------------------------------------------------------------------ summaries

    public CocoParams params() {
        return params;
    }

    /**
     * Mean precision over the defined cells, as pycocotools' _summarize(ap=1): at one IoU threshold (null: all of them),
     * an area range and a detection limit; NaN when no cell is defined.
     */
    public double averagePrecision(Double iouThreshold, String area, int maxDetections) {
        int ai = params.areaIndex(area), mi = params.maxDetectionsIndex(maxDetections);
        double sum = 0;
        int count = 0;
        for (int ti : thresholds(iouThreshold)) {
            for (double[][][] atRecall : precision[ti]) {
                for (double[][] cat : atRecall) {
                    double v = cat[ai][mi];
                    if (v > -1) {
                        sum += v;
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Mean recall over the defined cells, as _summarize(ap=0); NaN when none is defined. */
    public double averageRecall(Double iouThreshold, String area, int maxDetections) {
        int ai = params.areaIndex(area), mi = params.maxDetectionsIndex(maxDetections);
        double sum = 0;
        int count = 0;
        for (int ti : thresholds(iouThreshold)) {
            for (double[][] cat : recall[ti]) {
                double v = cat[ai][mi];
                if (v > -1) {
                    sum += v;
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** AP@[.5:.95] of one category (all areas, the largest limit); NaN when it has no object. */
    public double categoryAveragePrecision(int category) {
        int ki = categories.indexOf(category);
        if (ki < 0) throw new IllegalArgumentException("category " + category + " was not evaluated; have " + categories);
        int mi = params.maxDetections().length - 1;
        double sum = 0;
        int count = 0;
        for (double[][][][] pt : precision) {
            for (double[][][] pr : pt) {
                double v = pr[ki][0][mi];
                if (v > -1) {
                    sum += v;
                    count++;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * COCO's twelve numbers with the default settings: AP, AP50, AP75, AP small/medium/large (100 detections), AR at 1,
     * 10, 100 detections and AR small/medium/large; with other settings, the thresholds and limits that exist.
     */
    public CocoSummary summary() {
        int maxDet = params.maxKept();
        int[] limits = params.maxDetections();
        return new CocoSummary(
                averagePrecision(null, "all", maxDet), optionalAp(0.5, maxDet), optionalAp(0.75, maxDet),
                areaAp("small", maxDet), areaAp("medium", maxDet), areaAp("large", maxDet),
                averageRecall(null, "all", limits[0]), limits.length > 1 ? averageRecall(null, "all", limits[1]) : Double.NaN,
                averageRecall(null, "all", maxDet),
                areaAr("small", maxDet), areaAr("medium", maxDet), areaAr("large", maxDet));
    }

    private double optionalAp(double threshold, int maxDet) {
        for (double t : params.iouThresholds()) if (Math.abs(t - threshold) < 1e-9) return averagePrecision(threshold, "all", maxDet);
        return Double.NaN;
    }

    private double areaAp(String area, int maxDet) {
        return params.areaRanges().stream().anyMatch(r -> r.label().equals(area)) ? averagePrecision(null, area, maxDet) : Double.NaN;
    }

    private double areaAr(String area, int maxDet) {
        return params.areaRanges().stream().anyMatch(r -> r.label().equals(area)) ? averageRecall(null, area, maxDet) : Double.NaN;
    }

    private int[] thresholds(Double iouThreshold) {
        if (iouThreshold != null) return new int[]{params.iouIndex(iouThreshold)};
        int[] all = new int[params.iouThresholds().length];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return all;
    }
}
