/**
 * Seeded synthetic datasets with known ground truth: {@link dev.mamori.data.synthetic.ColoredMnist} (colours
 * correlated with the class at a chosen rate, for spurious-feature experiments) and
 * {@link dev.mamori.data.synthetic.DetectionCanvases} (objects pasted on a canvas with exact boxes, exportable as
 * COCO).
 */
package dev.mamori.data.synthetic;
