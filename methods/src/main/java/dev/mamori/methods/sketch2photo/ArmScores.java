package dev.mamori.methods.sketch2photo;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per test sketch, what one model produced under one {@link SketchArm}, against the ground truth and the sketch.
 *
 * @param ssim       SSIM to the colour ground truth (higher: closer)
 * @param psnr       PSNR (dB) to the colour ground truth
 * @param perceptual perceptual distance to the ground truth (lower: closer); null when not measured
 * @param edgeDice   Dice of the output's standardized edges with the sketch's standardized edges
 * @param predicted  the judge's class of the output (faithful when it is the prompt's category)
 */
public record ArmScores(double[] ssim, double[] psnr, double[] perceptual, double[] edgeDice, int[] predicted) {

    /** 1 where the judge's class is the prompt's category, else 0. */
    public double[] faithful(int[] labels) {
        double[] out = new double[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = predicted[i] == labels[i] ? 1 : 0;
        return out;
    }

    /** As a run journal records it. */
    public Map<String, Object> toJournal() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ssim", ssim);
        m.put("psnr", psnr);
        if (perceptual != null) m.put("perceptual", perceptual);
        m.put("edgeDice", edgeDice);
        m.put("predicted", predicted);
        return m;
    }

    /** Read back from a run journal's record. */
    public static ArmScores fromJournal(JsonNode n) {
        return new ArmScores(doubles(n.get("ssim")), doubles(n.get("psnr")), n.has("perceptual") ? doubles(n.get("perceptual")) : null,
                doubles(n.get("edgeDice")), java.util.Arrays.stream(doubles(n.get("predicted"))).mapToInt(d -> (int) d).toArray());
    }

    private static double[] doubles(JsonNode a) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException("run journal: a sketch2photo score list is missing; delete the journal line to redo it");
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }
}
