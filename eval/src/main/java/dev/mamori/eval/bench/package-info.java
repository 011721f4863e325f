/**
 * The benchmark suite of shared/bench/SUITE.md run on Mamori's tape ({@link dev.mamori.eval.bench.NnBenchmark}) with
 * one measuring protocol for every engine ({@link dev.mamori.eval.bench.SuiteProtocol}), side by side with PyTorch's
 * numbers (docs/PERFORMANCE.md).
 */
package dev.mamori.eval.bench;
