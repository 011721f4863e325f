/**
 * Parameter initialization as PyTorch and timm do it (uniform, normal, truncated normal, Kaiming and Xavier uniform,
 * zeros, ones), from one seedable generator so that a model built after {@code Init.seed(s)} is reproducible.
 */
package dev.mamori.nn.init;
