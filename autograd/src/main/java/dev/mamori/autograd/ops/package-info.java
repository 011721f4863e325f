/**
 * The differentiable operations, one family a file (arithmetic with broadcasting, activations, reductions, shapes,
 * indexing, linear algebra, convolutions, pooling, normalization, resampling, regularization, fused losses), each a
 * forward on libnd4j's native ops ({@link dev.mamori.autograd.ops.NativeOps}) and its backward rule. Gradients are
 * checked against finite differences and PyTorch fixtures.
 */
package dev.mamori.autograd.ops;
