package dev.mamori.data;

import java.util.ArrayList;
import java.util.List;

/** Small in-memory datasets for tests: image i is filled with the value i (as a byte) and labelled i % classes. */
final class ToyData {
    private ToyData() {}

    static InMemoryImageDataset images(int n, int classes, int c, int h, int w) {
        byte[] pixels = new byte[n * c * h * w];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(pixels, i * c * h * w, (i + 1) * c * h * w, (byte) i);
            labels[i] = i % classes;
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < classes; k++) names.add("class" + k);
        return new InMemoryImageDataset(c, h, w, pixels, labels, names);
    }

    /** The byte value image i was filled with, as a float in [0, 1]. */
    static float value(int i) {
        return (i & 0xFF) / 255f;
    }
}
