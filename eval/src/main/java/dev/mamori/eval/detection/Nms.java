package dev.mamori.eval.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Non-maximum suppression as torchvision.ops computes it, on boxes in corner form (x1, y1, x2, y2): {@link #nms} keeps
 * the highest-scoring box and drops every remaining box whose IoU with it is strictly above the threshold, then
 * repeats; {@link #batchedNms} does so per class, so boxes of different classes never suppress each other. Kept
 * indices come in descending score order (ties: the lower index first).
 */
public final class Nms {
    private Nms() {}

    /** Indices of the kept boxes, best first. {@code boxes} is [N][4]. */
    public static int[] nms(double[][] boxes, double[] scores, double iouThreshold) {
        check(boxes, scores);
        Integer[] order = byScore(scores);
        boolean[] suppressed = new boolean[boxes.length];
        List<Integer> keep = new ArrayList<>();
        for (int oi = 0; oi < order.length; oi++) {
            int i = order[oi];
            if (suppressed[i]) continue;
            keep.add(i);
            for (int oj = oi + 1; oj < order.length; oj++) {
                int j = order[oj];
                if (!suppressed[j] && iou(boxes[i], boxes[j]) > iouThreshold) suppressed[j] = true;
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** NMS separately within each class; all kept indices merged in descending score order. */
    public static int[] batchedNms(double[][] boxes, double[] scores, int[] classes, double iouThreshold) {
        check(boxes, scores);
        if (classes.length != boxes.length) throw new IllegalArgumentException(boxes.length + " boxes but " + classes.length + " classes");
        Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < classes.length; i++) byClass.computeIfAbsent(classes[i], c -> new ArrayList<>()).add(i);
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            double[][] b = new double[members.size()][];
            double[] s = new double[members.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = boxes[members.get(i)];
                s[i] = scores[members.get(i)];
            }
            for (int k : nms(b, s, iouThreshold)) kept.add(members.get(k));
        }
        kept.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i));
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** IoU of two corner-form boxes; 0 when they do not overlap. */
    public static double iou(double[] a, double[] b) {
        double iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = iw * ih;
        double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static Integer[] byScore(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
        return order;
    }

    private static void check(double[][] boxes, double[] scores) {
        if (boxes.length != scores.length) throw new IllegalArgumentException(boxes.length + " boxes but " + scores.length + " scores");
        for (int i = 0; i < boxes.length; i++) {
            if (boxes[i].length != 4) throw new IllegalArgumentException("box " + i + " has " + boxes[i].length + " coordinates, expected 4");
        }
    }
}
