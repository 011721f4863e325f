/**
 * Fused Java kernels over float32 buffers on the CPU backend, where libnd4j's op-by-op path costs extra passes over
 * memory: batch norm, exact GELU, the depthwise convolution's backward pass, nearest upsampling (docs/PERFORMANCE.md has
 * the measurements).
 * {@link dev.mamori.autograd.kernels.CpuKernels} decides when they apply; other dtypes and backends take the op-by-op
 * path they are tested against.
 */
package dev.mamori.autograd.kernels;
