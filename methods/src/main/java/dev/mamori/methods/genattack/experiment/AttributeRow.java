package dev.mamori.methods.genattack.experiment;

import dev.mamori.methods.genattack.attributes.AttributeAccuracy;

/**
 * One attribute's balanced accuracy for one scheme and attack seed, read by one reader: the plain-trained classifier on
 * the plain test faces ({@link #PLAIN}), on the encrypted faces ({@link #ENCRYPTED}), on an attack's reconstructions
 * (the attack's name), or the classifier trained on encrypted faces on the encrypted test faces ({@link #UPPER_BOUND}).
 */
public record AttributeRow(long seed, String scheme, String reader, AttributeAccuracy accuracy) {
    public static final String PLAIN = "plain faces", ENCRYPTED = "encrypted faces", UPPER_BOUND = "trained on encrypted (upper bound)";
}
