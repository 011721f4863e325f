/**
 * Layers with PyTorch's definitions, defaults and parameter names (one layer a file): linear, convolutions (grouped,
 * depthwise, transposed), normalizations (batch, layer, group), attention in timm's and diffusers' layouts, MLP,
 * pooling, up-sampling, embedding, dropout, and the containers {@link dev.mamori.nn.layers.Sequential},
 * {@link dev.mamori.nn.layers.ModuleList} and {@link dev.mamori.nn.layers.Residual}. Their parity with PyTorch is
 * tested on the oracle fixtures.
 */
package dev.mamori.nn.layers;
