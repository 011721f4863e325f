package dev.mamori.eval.detection;

/**
 * pycocotools' summary of a box evaluation (its stats[0..11]), each in [0, 1], NaN where undefined (pycocotools: -1).
 *
 * @param ap       AP@[.50:.05:.95], all areas, 100 detections
 * @param ap50     AP at IoU 0.50
 * @param ap75     AP at IoU 0.75
 * @param apSmall  AP of objects below 32^2 square pixels
 * @param apMedium AP of objects from 32^2 to 96^2
 * @param apLarge  AP of objects above 96^2
 * @param ar1      AR with 1 detection per image and category
 * @param ar10     AR with 10
 * @param ar100    AR with 100
 */
public record CocoSummary(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
                          double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge) {

    /** The twelve numbers in pycocotools' order. */
    public double[] stats() {
        return new double[]{ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge};
    }

    /** Names of {@link #stats()} in order. */
    public static final String[] NAMES = {"AP", "AP50", "AP75", "AP_small", "AP_medium", "AP_large", "AR1", "AR10", "AR100",
            "AR_small", "AR_medium", "AR_large"};
}
