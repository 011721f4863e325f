/**
 * Encrypted datasets on disk: {@link dev.mamori.methods.encryption.dataset.DatasetEncryption} streams a split through a
 * scheme into an {@link dev.mamori.methods.encryption.dataset.EncryptedDatasetFile} (safetensors with images, labels and
 * metadata naming the scheme and the key's fingerprint), which reads back one image at a time;
 * {@link dev.mamori.methods.encryption.dataset.EncryptedSplits} hands both splits to classifier training.
 */
package dev.mamori.methods.encryption.dataset;
