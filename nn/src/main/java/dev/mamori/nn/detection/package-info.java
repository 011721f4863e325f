/**
 * Object detection on the autograd tape: box overlap with gradients ({@link dev.mamori.nn.detection.BoxIou}: IoU and
 * generalized IoU as torchvision.ops computes them) and the losses of CenterNet
 * ({@link dev.mamori.nn.detection.CenterNetLosses}: the penalty-reduced focal loss on heatmaps and the L1 loss of
 * box sizes and offsets gathered at object centres; Zhou et al. 2019, "Objects as Points"). Non-differentiable
 * detection code (non-maximum suppression, COCO evaluation) is in the eval module.
 */
package dev.mamori.nn.detection;
