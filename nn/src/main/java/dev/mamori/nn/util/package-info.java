/**
 * Small utilities of long jobs: {@link dev.mamori.nn.util.Progress} shows rate and ETA (a bar on a terminal, plain
 * log lines otherwise).
 */
package dev.mamori.nn.util;
