package dev.mamori.data;

/**
 * An example with a caption in words (the emoji's name with its modifiers: "woman: red hair, medium-dark skin tone"),
 * for text conditioning and text-image models.
 */
public interface Captioned {
    String caption();
}
