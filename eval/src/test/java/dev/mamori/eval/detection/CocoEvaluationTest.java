package dev.mamori.eval.detection;

import dev.mamori.data.Box;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/**
 * COCO-style AP and AR on cases computed by hand with pycocotools' rules (101-point interpolation, greedy matching,
 * crowd and area handling), and the known pitfalls of public mAP code: non-default IoU thresholds, detection limits,
 * score thresholds, ties, IoU exactly on a threshold.
 */
class CocoEvaluationTest {
    private static final double EPS = 1e-12;
    /** AP when precision is 1 up to recall 0.5 and 0 after: 51 of the 101 recall thresholds (0.00 .. 0.50). */
    private static final double HALF_RECALL_AP = 51.0 / 101;

    private static GroundTruth.Instance gt(long image, int category, double x, double y, double w, double h) {
        return new GroundTruth.Instance(image, category, new Box(x, y, w, h), w * h, false);
    }

    private static Detection det(long image, int category, double x, double y, double w, double h, double score) {
        return new Detection(image, category, new Box(x, y, w, h), score);
    }

    private static GroundTruth truth(List<Long> images, List<Integer> categories, GroundTruth.Instance... objects) {
        return new GroundTruth(images, categories, List.of(objects));
    }

    @Test
    void aPerfectDetectorScoresOne() {
        List<GroundTruth.Instance> objects = new ArrayList<>();
        List<Detection> detections = new ArrayList<>();
        for (long img = 1; img <= 3; img++) {
            for (int k = 0; k < 2; k++) {
                objects.add(gt(img, 1 + k, 10 * k, 5, 8, 8));
                detections.add(det(img, 1 + k, 10 * k, 5, 8, 8, 0.9));
            }
        }
        CocoSummary s = CocoEvaluation.evaluate(new GroundTruth(List.of(1L, 2L, 3L), List.of(1, 2), objects), detections).summary();
        assertThat(s.ap()).isEqualTo(1.0, offset(EPS));
        assertThat(s.ap50()).isEqualTo(1.0, offset(EPS));
        assertThat(s.ap75()).isEqualTo(1.0, offset(EPS));
        assertThat(s.ar1()).isEqualTo(1.0, offset(EPS));
        assertThat(s.ar100()).isEqualTo(1.0, offset(EPS));
        assertThat(s.apSmall()).isEqualTo(1.0, offset(EPS));          // 64 px^2 < 32^2
        assertThat(s.apMedium()).isNaN();                              // no medium object: pycocotools' -1
        assertThat(s.apLarge()).isNaN();
    }

    @Test
    void aMissedObjectHalvesRecallAndAp() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10), gt(1, 1, 50, 50, 10, 10));
        CocoSummary s = CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 10, 10, 0.8))).summary();
        assertThat(s.ap()).isEqualTo(HALF_RECALL_AP, offset(EPS));
        assertThat(s.ar100()).isEqualTo(0.5, offset(EPS));
    }

    @Test
    void aDuplicateCountsAsFalsePositiveOnlyWhereItIsRankedFirst() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10));
        // a lower-scored exact duplicate comes after the true positive: no cost
        assertThat(CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 10, 10, 0.9), det(1, 1, 0, 0, 10, 10, 0.8))).summary().ap())
                .isEqualTo(1.0, offset(EPS));
        // a higher-scored loose duplicate (IoU 0.62) takes the object at IoU 0.50, 0.55, 0.60 (AP 1 there); at 0.65..0.95
        // it is a false positive ranked first: precision 1/2 at recall 1, so AP 0.5 at those 7 thresholds
        List<Detection> loose = List.of(det(1, 1, 0, 0, 6.2, 10, 0.95), det(1, 1, 0, 0, 10, 10, 0.9));
        CocoEvaluation e = CocoEvaluation.evaluate(t, loose);
        assertThat(e.averagePrecision(0.6, "all", 100)).isEqualTo(1.0, offset(EPS));
        assertThat(e.averagePrecision(0.65, "all", 100)).isEqualTo(0.5, offset(EPS));
        assertThat(e.summary().ap()).isEqualTo((3 * 1.0 + 7 * 0.5) / 10, offset(EPS));
    }

    @Test
    void aLowScoreFalsePositiveCostsNothingAHighScoreOneHalvesPrecision() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10));
        Detection hit = det(1, 1, 0, 0, 10, 10, 0.9);
        assertThat(CocoEvaluation.evaluate(t, List.of(hit, det(1, 1, 40, 40, 10, 10, 0.1))).summary().ap()).isEqualTo(1.0, offset(EPS));
        assertThat(CocoEvaluation.evaluate(t, List.of(hit, det(1, 1, 40, 40, 10, 10, 0.95))).summary().ap()).isEqualTo(0.5, offset(EPS));
    }

    @Test
    void tiedScoresAreRankedByImageIdAsPycocotoolsStableSortRanksThem() {
        // two images with one object each; a hit on one, a miss (false positive) on the other, equal scores
        GroundTruth.Instance a = gt(1, 1, 0, 0, 10, 10), b = gt(2, 1, 0, 0, 10, 10);
        Detection hitOn1 = det(1, 1, 0, 0, 10, 10, 0.5), missOn2 = det(2, 1, 40, 40, 10, 10, 0.5);
        // image 1 first: TP then FP -> precision 1 up to recall 0.5
        assertThat(CocoEvaluation.evaluate(truth(List.of(1L, 2L), List.of(1), a, b), List.of(missOn2, hitOn1)).summary().ap())
                .isEqualTo(HALF_RECALL_AP, offset(EPS));
        // the same with the miss on image 1 and the hit on image 2: FP then TP -> precision 1/2 up to recall 0.5
        Detection missOn1 = det(1, 1, 40, 40, 10, 10, 0.5), hitOn2 = det(2, 1, 0, 0, 10, 10, 0.5);
        assertThat(CocoEvaluation.evaluate(truth(List.of(1L, 2L), List.of(1), a, b), List.of(hitOn2, missOn1)).summary().ap())
                .isEqualTo(0.5 * HALF_RECALL_AP, offset(EPS));
    }

    @Test
    void anIouExactlyOnTheThresholdMatches() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10));
        CocoEvaluation e = CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 5, 10, 0.9)));   // IoU 50 / 100
        assertThat(e.averagePrecision(0.5, "all", 100)).isEqualTo(1.0, offset(EPS));
        assertThat(e.averagePrecision(0.55, "all", 100)).isEqualTo(0.0, offset(EPS));
    }

    @Test
    void otherIouThresholdsAreLookedUpWithoutFloatEqualityTraps() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10));
        CocoParams p = CocoParams.defaults().withIouThresholds(0.3, 0.1 * 7);          // 0.7000000000000001
        CocoEvaluation e = CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 6.5, 10, 0.9)), p);   // IoU 0.65
        assertThat(e.averagePrecision(0.3, "all", 100)).isEqualTo(1.0, offset(EPS));
        assertThat(e.averagePrecision(0.7, "all", 100)).isEqualTo(0.0, offset(EPS));
        assertThat(e.summary().ap()).isEqualTo(0.5, offset(EPS));
        assertThat(e.summary().ap50()).isNaN();                        // 0.5 is not evaluated: not silently 0
        assertThatThrownBy(() -> e.averagePrecision(0.5, "all", 100)).hasMessageContaining("not one of the evaluated");
        // numpy's linspace(.5, .95, 10) holds 0.8999999999999999, not 0.9: looking thresholds up by == misses it
        double[] thresholds = CocoParams.defaults().iouThresholds();
        assertThat(thresholds[8]).isEqualTo(0.8999999999999999).isNotEqualTo(0.9);
        assertThat(CocoParams.defaults().iouIndex(0.9)).isEqualTo(8);
        assertThat(thresholds).containsExactly(new double[]{0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}, offset(1e-12));
        assertThat(CocoParams.defaults().recallThresholds()).hasSize(101);
    }

    @Test
    void detectionLimitsApplyPerImageAndCategory() {
        // 100 confident false positives push the one true positive (lowest score) past the limit of 100
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < 100; i++) detections.add(det(1, 1, 50, 50, 10, 10, 0.9 - i * 1e-4));
        detections.add(det(1, 1, 0, 0, 10, 10, 0.01));
        GroundTruth t = truth(List.of(1L), List.of(1, 2), gt(1, 1, 0, 0, 10, 10), gt(1, 2, 20, 20, 10, 10));
        List<Detection> withOtherCategory = new ArrayList<>(detections);
        withOtherCategory.add(det(1, 2, 20, 20, 10, 10, 0.001));
        CocoEvaluation e = CocoEvaluation.evaluate(t, withOtherCategory);
        assertThat(e.categoryAveragePrecision(1)).isEqualTo(0.0, offset(EPS));
        assertThat(e.averageRecall(null, "all", 100)).isEqualTo(0.5, offset(EPS)); // category 2 keeps its own 100
        assertThat(e.categoryAveragePrecision(2)).isEqualTo(1.0, offset(EPS));
        // with a limit of 101 the true positive counts again (precision 1/101 at recall 1)
        CocoEvaluation wider = CocoEvaluation.evaluate(t, withOtherCategory, CocoParams.defaults().withMaxDetections(1, 10, 101));
        assertThat(wider.categoryAveragePrecision(1)).isEqualTo(1.0 / 101, offset(1e-9));
    }

    @Test
    void recallAtOneAndTenDetections() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10), gt(1, 1, 30, 30, 10, 10));
        CocoSummary s = CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 10, 10, 0.9), det(1, 1, 30, 30, 10, 10, 0.8))).summary();
        assertThat(s.ar1()).isEqualTo(0.5, offset(EPS));
        assertThat(s.ar10()).isEqualTo(1.0, offset(EPS));
    }

    @Test
    void droppingLowScoreDetectionsBeforeEvaluationLowersAp() {
        // a score threshold, common in public mAP code, removes a true positive and the recall it brings
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10), gt(1, 1, 30, 30, 10, 10));
        Detection strong = det(1, 1, 0, 0, 10, 10, 0.9), weak = det(1, 1, 30, 30, 10, 10, 0.05);
        assertThat(CocoEvaluation.evaluate(t, List.of(strong, weak)).summary().ap()).isEqualTo(1.0, offset(EPS));
        assertThat(CocoEvaluation.evaluate(t, List.of(strong)).summary().ap()).isEqualTo(HALF_RECALL_AP, offset(EPS));
    }

    @Test
    void crowdRegionsAreNeitherMissedNorFalsePositives() {
        GroundTruth t = new GroundTruth(List.of(1L), List.of(1), List.of(gt(1, 1, 0, 0, 10, 10),
                new GroundTruth.Instance(1, 1, new Box(40, 40, 20, 20), 400, true)));
        // two detections inside the crowd region, ranked above the true positive: ignored
        CocoSummary s = CocoEvaluation.evaluate(t, List.of(det(1, 1, 42, 42, 5, 5, 0.99), det(1, 1, 50, 50, 5, 5, 0.98),
                det(1, 1, 0, 0, 10, 10, 0.9))).summary();
        assertThat(s.ap()).isEqualTo(1.0, offset(EPS));
        assertThat(s.ar100()).isEqualTo(1.0, offset(EPS));
    }

    @Test
    void areaRangesUseTheAnnotationsArea() {
        // a 40 x 40 box (1600 px^2: medium) whose annotation says area 900 (small), as COCO's segmentation areas can
        GroundTruth t = new GroundTruth(List.of(1L), List.of(1), List.of(new GroundTruth.Instance(1, 1, new Box(0, 0, 40, 40), 900, false)));
        CocoSummary s = CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 40, 40, 0.9))).summary();
        assertThat(s.apSmall()).isEqualTo(1.0, offset(EPS));
        assertThat(s.apMedium()).isNaN();
    }

    @Test
    void imagesWithoutObjectsStillCountTheirFalsePositives() {
        GroundTruth t = truth(List.of(1L, 2L), List.of(1), gt(1, 1, 0, 0, 10, 10));
        CocoSummary s = CocoEvaluation.evaluate(t, List.of(det(1, 1, 0, 0, 10, 10, 0.5), det(2, 1, 0, 0, 10, 10, 0.9))).summary();
        assertThat(s.ap()).isEqualTo(0.5, offset(EPS));
    }

    @Test
    void detectionsOfUnknownImagesOrCategoriesAreErrors() {
        GroundTruth t = truth(List.of(1L), List.of(1), gt(1, 1, 0, 0, 10, 10));
        assertThatThrownBy(() -> CocoEvaluation.evaluate(t, List.of(det(7, 1, 0, 0, 10, 10, 0.5)))).hasMessageContaining("image 7");
        assertThatThrownBy(() -> CocoEvaluation.evaluate(t, List.of(det(1, 9, 0, 0, 10, 10, 0.5)))).hasMessageContaining("category 9");
        assertThatThrownBy(() -> new Detection(1, 1, new Box(0, 0, 1, 1), Double.NaN)).hasMessageContaining("finite");
    }
}
