package dev.mamori.data;

/** A text classification example: a sentence or document and its class. */
public record TextExample(String text, int label) implements Labeled {}
