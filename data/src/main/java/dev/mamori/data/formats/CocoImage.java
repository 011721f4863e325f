package dev.mamori.data.formats;

/** An entry of a COCO file's "images" array. */
public record CocoImage(long id, String fileName, int width, int height) {}
