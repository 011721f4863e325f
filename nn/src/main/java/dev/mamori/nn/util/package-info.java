/**
 * Small utilities of the nn module: {@link dev.mamori.nn.util.Progress} (progress bar or log lines with rate and ETA
 * for long jobs) and {@link dev.mamori.nn.util.RandomArrays} (random arrays drawn in Java from a given generator, so
 * that they depend only on its seed).
 */
package dev.mamori.nn.util;
