/**
 * Every encryption scheme by name ({@link dev.mamori.methods.encryption.catalog.Scheme}): drawing keys (secure by
 * default, seeded as an explicit opt-in), saving and loading owner-only key files with their geometry checked, the
 * scheme's encoder for a key, and its key space; {@link dev.mamori.methods.encryption.catalog.SchemeOptions} holds the
 * block size and NeuraCrypt's encoder size.
 */
package dev.mamori.methods.encryption.catalog;
