/**
 * Evaluation of object detectors: {@link dev.mamori.eval.detection.CocoEvaluation}, COCO-style AP@0.5,
 * AP@[.5:.95], AP small / medium / large and AR at 1 / 10 / 100 detections computed as pycocotools' COCOeval does
 * (greedy matching, crowd and area handling, 101-point interpolated precision) over a
 * {@link dev.mamori.eval.detection.GroundTruth} (from a COCO file or a detection dataset) and a list of
 * {@link dev.mamori.eval.detection.Detection}s, with {@link dev.mamori.eval.detection.CocoParams} for other
 * thresholds and detection limits; {@link dev.mamori.eval.detection.Nms}: torchvision's non-maximum suppression and
 * its class-wise (batched) form.
 */
package dev.mamori.eval.detection;
