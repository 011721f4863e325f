/**
 * The {@code mamori} command (picocli): {@code quickstart}, {@code train}, {@code eval}, {@code attack},
 * {@code robustness}, {@code run <experiment>}, {@code data}, {@code bench}, {@code report}. Exit codes: 0 success,
 * 1 failure while running, 2 bad usage or configuration (the message names the option or field), 3 a dataset that is
 * absent and cannot be fetched here.
 */
package dev.mamori.cli;
