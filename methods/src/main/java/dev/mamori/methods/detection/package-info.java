/**
 * Training and evaluating object detectors on the generic trainer: {@link dev.mamori.methods.detection.DetectionData}
 * (detection examples decoded once, batches in a seeded order, ground truth), {@link dev.mamori.methods.detection.DetectionStep}
 * (CenterNet's losses as a {@code TrainingStep} over detection batches, around any forward from images to the head
 * maps), {@link dev.mamori.methods.detection.DetectorTraining} (Adam, warm-up and cosine schedule) and
 * {@link dev.mamori.methods.detection.DetectorEvaluation} (decoding and COCO-style AP). Access control of detectors
 * (docs/METHODS.md item 6) builds on them in {@code dev.mamori.methods.accesscontrol}.
 */
package dev.mamori.methods.detection;
