/**
 * Neural-network modules on the autograd tape, modelled on PyTorch's torch.nn: {@link dev.mamori.nn.Module} registers
 * parameters, buffers and children under names equal to PyTorch state_dict names (so checkpoints interoperate,
 * {@link dev.mamori.nn.StateDicts}), with train/eval modes, freezing by glob, forward hooks and
 * {@link dev.mamori.nn.ActivationCapture}; {@link dev.mamori.nn.Stochastic} modules reseed from a run's seed and step.
 * Layers are in {@code layers}, losses in {@code losses}, optimizers and schedules in {@code optim}, initialization in
 * {@code init}, file formats in {@code io}, adapters (LoRA) in {@code adapters}, the trainer in {@code train}.
 */
package dev.mamori.nn;
