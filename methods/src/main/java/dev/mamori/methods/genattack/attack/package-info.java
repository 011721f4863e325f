/**
 * The generative attack on learnable image encryption (the StyleGAN half): a pSp-style encoder is trained on
 * (encrypted, plain) pairs whose keys are fresh for every image, so that what it learns is what the scheme leaks in
 * general, not one key; images encrypted with keys it never saw are then decoded through the frozen generator.
 * {@link dev.mamori.methods.genattack.attack.FreshKeyEncryption} makes the pairs.
 */
package dev.mamori.methods.genattack.attack;
