/**
 * Image transforms in the manner of torchvision, on CHW images: {@link dev.mamori.data.transforms.ToTensor},
 * {@link dev.mamori.data.transforms.Normalize}, {@link dev.mamori.data.transforms.RandomCrop} (with padding),
 * {@link dev.mamori.data.transforms.RandomHorizontalFlip}, {@link dev.mamori.data.transforms.Resize} (bilinear,
 * align_corners=False, optional antialias), {@link dev.mamori.data.transforms.AreaDownscale} (integer-factor box averaging),
 * {@link dev.mamori.data.transforms.CenterCrop},
 * {@link dev.mamori.data.transforms.ColorJitter}, {@link dev.mamori.data.transforms.GrayscaleToRgb} and
 * {@link dev.mamori.data.transforms.Grayscale}. Compose them with
 * {@link dev.mamori.data.transforms.ImageTransform#compose}; random ones draw only from the generator passed in.
 */
package dev.mamori.data.transforms;
