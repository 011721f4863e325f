/**
 * An eager reverse-mode tape over ND4J arrays ({@link dev.mamori.autograd.Tensor}, {@link dev.mamori.autograd.Autograd}):
 * every differentiable operation computes its value with libnd4j's native kernels and records a backward rule; gradients
 * of a loss with respect to parameters, inputs and activations; {@link dev.mamori.autograd.GradMode} (no_grad),
 * {@link dev.mamori.autograd.CustomGradients} (straight-through/BPDA, gradient reversal, scaling),
 * {@link dev.mamori.autograd.GradCheck} (float64 finite differences), {@link dev.mamori.autograd.MemoryScope} (ND4J
 * workspaces for hot loops) and {@link dev.mamori.autograd.OpProfiler}. docs/ARCHITECTURE.md says why a tape and not a
 * SameDiff graph.
 */
package dev.mamori.autograd;
