/**
 * Checking config values in one place: {@link dev.mamori.methods.common.config.Check} says what a field accepts,
 * {@link dev.mamori.methods.common.config.ConfigChecks} checks every field of a config (every number finite, ranges,
 * allowed words, no stray nulls, nested configs by path) and command-line options the same way, and
 * {@link dev.mamori.methods.common.config.ConfigException} names the file or option, the field, what was expected and
 * what was found.
 */
package dev.mamori.methods.common.config;
