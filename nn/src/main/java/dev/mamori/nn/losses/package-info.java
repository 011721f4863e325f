/**
 * Losses as in torch.nn.functional ({@link dev.mamori.nn.losses.Losses}: cross-entropy with label smoothing and soft
 * targets, binary cross-entropy with logits, MSE, L1, KL divergence) and the {@link dev.mamori.nn.losses.Loss} the
 * trainer takes. The fused kernels behind them are {@code dev.mamori.autograd.ops.FusedLosses}.
 */
package dev.mamori.nn.losses;
