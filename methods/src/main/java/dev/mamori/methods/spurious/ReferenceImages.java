package dev.mamori.methods.spurious;

import dev.mamori.data.FloatImage;
import dev.mamori.data.formats.ImageFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * DreamBooth's instance images as a folder of PNG files ({@code reference-00.png}, ...): written by a run (so that
 * what the model was fine-tuned on can be looked at) and read back, or given by the user. Reading checks everything a
 * foreign folder can get wrong and names the folder or file: a missing folder, no PNG in it, a file of another size
 * (checked from the header before decoding).
 */
public final class ReferenceImages {
    private ReferenceImages() {}

    /** Writes images [N, 3, H, W] in [0, 1] as {@code reference-NN.png} into {@code folder}. */
    public static void write(INDArray images, Path folder) throws IOException {
        write(images, folder, "reference");
    }

    /** Writes images [N, 3, H, W] in [0, 1] as {@code <prefix>-NN.png} into {@code folder}. */
    public static void write(INDArray images, Path folder, String prefix) throws IOException {
        Files.createDirectories(folder);
        int c = (int) images.size(1), h = (int) images.size(2), w = (int) images.size(3);
        for (int i = 0; i < images.size(0); i++) {
            float[] px = images.slice(i).dup('c').data().asFloat();
            ImageFiles.writePng(new FloatImage(c, h, w, px), folder.resolve(String.format(Locale.ROOT, "%s-%02d.png", prefix, i)));
        }
    }

    /** The PNG images of {@code folder} (sorted by name) as [N, 3, size, size] in [0, 1]. */
    public static INDArray read(Path folder, int size) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("reference folder " + folder.toAbsolutePath() + " does not exist (or is not a folder): DreamBooth"
                    + " needs a few PNG images of the spurious feature without the object there");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") && Files.isRegularFile(p)).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException("reference folder " + folder.toAbsolutePath() + " holds no .png image");
        float[] all = new float[files.size() * 3 * size * size];
        for (int i = 0; i < files.size(); i++) {
            FloatImage img = ImageFiles.readOnWhite(files.get(i), size, size).toFloat();
            System.arraycopy(img.pixels(), 0, all, i * 3 * size * size, 3 * size * size);
        }
        return Nd4j.create(all, new long[]{files.size(), 3, size, size}, 'c');
    }
}
