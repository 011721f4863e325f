/**
 * What a reconstruction reveals of a face: a multi-head attribute classifier for emoji-faces
 * ({@link dev.mamori.methods.genattack.attributes.AttributeClassifier}: skin tone, hair, gender, eyeglasses from the
 * emoji's name, {@link dev.mamori.data.emoji.FaceAttributes}), trained on plain faces (or, as the upper bound of
 * leakage, on faces encrypted with a fresh key per image), and its per-attribute balanced accuracy with intervals and
 * chance ({@link dev.mamori.methods.genattack.attributes.AttributeAccuracy}); an attribute with too few test examples of
 * a class is not measured rather than reported as noise.
 */
package dev.mamori.methods.genattack.attributes;
