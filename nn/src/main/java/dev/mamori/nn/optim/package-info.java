/**
 * Optimizers with PyTorch's update rules ({@link dev.mamori.nn.optim.Sgd} with momentum and Nesterov,
 * {@link dev.mamori.nn.optim.Adam} and AdamW), gradient clipping by global norm, and learning-rate schedules
 * ({@link dev.mamori.nn.optim.LrSchedule}: constant, step decay, cosine, one-cycle, warm-up).
 */
package dev.mamori.nn.optim;
