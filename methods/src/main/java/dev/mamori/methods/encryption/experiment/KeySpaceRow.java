package dev.mamori.methods.encryption.experiment;

import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeySpace;

/** A scheme's key space for one dataset's image geometry. */
public record KeySpaceRow(String dataset, String scheme, KeyGeometry geometry, KeySpace keySpace) {}
