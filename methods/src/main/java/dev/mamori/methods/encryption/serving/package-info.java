/**
 * Serving a classifier trained on encrypted images: {@link dev.mamori.methods.encryption.serving.EncryptedClassifier}
 * loads the model file and the key file it was trained for, and classifies plain images (encrypted with the key first)
 * or images the owner has already encrypted.
 */
package dev.mamori.methods.encryption.serving;
