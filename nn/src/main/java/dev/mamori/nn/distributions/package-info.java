/**
 * Probability distributions whose parameters are tensors on the tape, so that samples (reparametrized) and
 * divergences carry gradients: the diagonal Gaussian posterior of variational autoencoders.
 */
package dev.mamori.nn.distributions;
