/**
 * Seeded synthetic datasets with known ground truth: {@link dev.mamori.data.synthetic.ColoredMnist} (colours
 * correlated with the class at a chosen rate, for spurious-feature experiments) and
 * {@link dev.mamori.data.synthetic.DetectionCanvases} (objects pasted on a canvas with exact boxes), with what every
 * canvas dataset shares: {@link dev.mamori.data.synthetic.CanvasLayout} (placement with an overlap limit, tight
 * boxes), {@link dev.mamori.data.synthetic.CanvasBackgrounds} (varied backgrounds) and
 * {@link dev.mamori.data.synthetic.CocoExport} (writing a detection dataset as COCO). The emoji-detection canvases
 * built on them are in {@code dev.mamori.data.emoji}.
 */
package dev.mamori.data.synthetic;
