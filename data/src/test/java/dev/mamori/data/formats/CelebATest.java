package dev.mamori.data.formats;

import static dev.mamori.data.formats.IdxTest.catchIo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CelebATest {
    @TempDir Path root;
    private final List<String> names = new ArrayList<>();

    /** Five faces: 000001..000005.jpg, partitions 0,0,1,2,0; attribute a of face i is 1 when (i + a) is even. */
    @BeforeEach
    void writeFiles() throws IOException {
        for (int a = 0; a < 40; a++) names.add(a == 31 ? "Smiling" : "Attr" + a);
        StringBuilder attr = new StringBuilder("5\n").append(String.join(" ", names)).append(" \n");
        StringBuilder part = new StringBuilder();
        int[] split = {0, 0, 1, 2, 0};
        Files.createDirectories(root.resolve("img_align_celeba"));
        for (int i = 1; i <= 5; i++) {
            String file = String.format("%06d.jpg", i);
            attr.append(file);
            for (int a = 0; a < 40; a++) attr.append((i + a) % 2 == 0 ? "  1" : " -1");
            attr.append('\n');
            part.append(file).append(' ').append(split[i - 1]).append('\n');
            BufferedImage img = new BufferedImage(4, 5, BufferedImage.TYPE_INT_RGB);
            ImageIO.write(img, "jpeg", root.resolve("img_align_celeba").resolve(file).toFile());
        }
        Files.writeString(root.resolve("list_attr_celeba.txt"), attr);
        Files.writeString(root.resolve("list_eval_partition.txt"), part);
    }

    @Test
    void splitsFollowThePartitionFile() throws IOException {
        assertThat(CelebA.load(root, CelebA.Split.TRAIN).size()).isEqualTo(3);
        assertThat(CelebA.load(root, CelebA.Split.VALID).fileName(0)).isEqualTo("000003.jpg");
        assertThat(CelebA.load(root, CelebA.Split.TEST).fileName(0)).isEqualTo("000004.jpg");
        assertThat(CelebA.load(root, CelebA.Split.ALL).size()).isEqualTo(5);
    }

    @Test
    void attributesAreZeroOneAndTheTargetIsTheLabel() throws IOException {
        CelebA train = CelebA.load(root, CelebA.Split.TRAIN, "Smiling");
        assertThat(train.attributeNames()).hasSize(40).contains("Smiling");
        assertThat(train.fileName(2)).isEqualTo("000005.jpg");
        int[] attrs = train.attributesAt(2); // face 5: attribute a is 1 when a is odd
        assertThat(attrs[0]).isZero();
        assertThat(attrs[1]).isEqualTo(1);
        assertThat(train.labelAt(2)).isEqualTo(1); // Smiling is attribute 31
        assertThat(train.labelAt(1)).isEqualTo(0); // face 2
        CelebAExample ex = train.get(2);
        assertThat(ex.image().shapeString()).isEqualTo("3x5x4");
        assertThat(ex.attributes()).isEqualTo(attrs);
        assertThat(ex.label()).isEqualTo(1);
        assertThat(train.classes()).containsExactly("not Smiling", "Smiling");
        assertThat(CelebA.load(root, CelebA.Split.TRAIN).labelAt(0)).isEqualTo(-1);
        assertThatThrownBy(() -> CelebA.load(root, CelebA.Split.TRAIN, "Grumpy")).hasMessageContaining("Grumpy");
    }

    @Test
    void acceptsTheParentOfACelebaDirectory() throws IOException {
        Path parent = root.resolve("outer");
        Files.createDirectories(parent.resolve("celeba"));
        Files.move(root.resolve("img_align_celeba"), parent.resolve("celeba/img_align_celeba"));
        Files.move(root.resolve("list_attr_celeba.txt"), parent.resolve("celeba/list_attr_celeba.txt"));
        Files.move(root.resolve("list_eval_partition.txt"), parent.resolve("celeba/list_eval_partition.txt"));
        assertThat(CelebA.load(parent, CelebA.Split.ALL).size()).isEqualTo(5);
    }

    @Test
    void truncatedAttributeFileNamesTheLine() throws IOException {
        Path f = root.resolve("list_attr_celeba.txt");
        List<String> lines = Files.readAllLines(f);
        Files.write(f, lines.subList(0, 5)); // header + 3 of 5 faces
        IOException e = catchIo(() -> CelebA.load(root, CelebA.Split.ALL));
        assertThat(e).hasMessageContaining(f.toString()).hasMessageContaining("line 6").hasMessageContaining("truncated");
    }

    @Test
    void corruptValuesAndFieldCountsAreReported() throws IOException {
        Path f = root.resolve("list_attr_celeba.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(3, lines.get(3).replaceFirst(" -1", " 0"));
        Files.write(f, lines);
        assertThatThrownBy(() -> CelebA.load(root, CelebA.Split.ALL)).hasMessageContaining("line 4")
                .hasMessageContaining("'0'").hasMessageContaining("expected -1 or 1");
        lines.set(3, lines.get(3).substring(0, lines.get(3).length() - 3));
        Files.write(f, lines);
        assertThatThrownBy(() -> CelebA.load(root, CelebA.Split.ALL)).hasMessageContaining("line 4")
                .hasMessageContaining("found 40 fields");
        Files.writeString(root.resolve("list_eval_partition.txt"), "000001.jpg 7\n");
        assertThatThrownBy(() -> CelebA.load(root, CelebA.Split.ALL)).hasMessageContaining("list_eval_partition.txt")
                .hasMessageContaining("line 1");
    }

    @Test
    void missingImageIsNamedOnAccess() throws IOException {
        Files.delete(root.resolve("img_align_celeba/000002.jpg"));
        CelebA all = CelebA.load(root, CelebA.Split.ALL);
        assertThatThrownBy(() -> all.get(1)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("000002.jpg");
    }
}
