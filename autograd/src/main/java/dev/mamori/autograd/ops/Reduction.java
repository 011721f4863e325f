package dev.mamori.autograd.ops;

/** How a per-example loss is reduced (PyTorch's {@code reduction=}): mean over examples, sum, or none (one per example). */
public enum Reduction { MEAN, SUM, NONE }
