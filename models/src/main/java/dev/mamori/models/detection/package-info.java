/**
 * Object detectors. {@link dev.mamori.models.detection.CenterNet}: a small CenterNet-style anchor-free detector
 * (stride-2 backbone stages, an upsampling neck to stride 4, heatmap / size / offset heads), with a hook for a
 * transform of the feature map after a chosen backbone stage; {@link dev.mamori.models.detection.CenterNetTargets}:
 * Gaussian heatmaps, centre indices, sizes and offsets from boxes, as CenterNet draws them;
 * {@link dev.mamori.models.detection.PeakDecoder}: peak extraction (3 x 3 max) with top-k into boxes. The losses are
 * in {@code dev.mamori.nn.detection}, COCO-style evaluation and non-maximum suppression in
 * {@code dev.mamori.eval.detection}. The family {@link dev.mamori.models.detection.CenterNetFamily} registers the
 * detectors under {@link dev.mamori.models.ModelKind#DETECTION}.
 */
package dev.mamori.models.detection;
