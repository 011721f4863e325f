package dev.mamori.data.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mamori.data.ByteImage;
import dev.mamori.data.FloatImage;
import dev.mamori.data.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CropAndFlipTest {
    /** 1x3x3 with values 1..9 row by row. */
    private static FloatImage nine() {
        return new FloatImage(1, 3, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    }

    @Test
    void randomCropPadsWithZerosThenCutsAtTheDrawnPosition() {
        // padded 5x5 image; draws: top = 0, left = 2 -> rows -1..1 and columns 1..3 of the original
        ScriptedRandom rng = new ScriptedRandom(0, 2);
        FloatImage out = (FloatImage) new RandomCrop(3, 1).apply(nine(), rng);
        assertThat(out.pixels()).containsExactly(0, 0, 0, 2, 3, 0, 5, 6, 0);
        assertThat(rng.exhausted()).isTrue();
        FloatImage centre = (FloatImage) new RandomCrop(3, 1).apply(nine(), new ScriptedRandom(1, 1));
        assertThat(centre.pixels()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        FloatImage corner = (FloatImage) new RandomCrop(3, 1).apply(nine(), new ScriptedRandom(2, 0));
        assertThat(corner.pixels()).containsExactly(0, 4, 5, 0, 7, 8, 0, 0, 0);
    }

    @Test
    void randomCropOfTheFullSizeDrawsNothing() {
        ScriptedRandom none = new ScriptedRandom();
        assertThat(((FloatImage) new RandomCrop(3, 0).apply(nine(), none)).pixels()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThatThrownBy(() -> new RandomCrop(4, 0).apply(nine(), none)).hasMessageContaining("larger than");
    }

    @Test
    void padIfNeededPadsBothSidesByTheDifferenceAsTorchvision() {
        FloatImage row = new FloatImage(1, 1, 2, new float[] {1, 2});
        // width 2 -> 4 needed: pads 2 left and 2 right (6 wide), height 1 -> 1 ok; draw left = 1
        RandomCrop crop = new RandomCrop(1, 4, 0, true, PaddingMode.CONSTANT, -1f);
        FloatImage out = (FloatImage) crop.apply(row, new ScriptedRandom(0, 1));
        assertThat(out.pixels()).containsExactly(-1, 1, 2, -1);
    }

    @Test
    void paddingModesMatchTorchvision() {
        FloatImage abc = new FloatImage(1, 1, 3, new float[] {1, 2, 3});
        assertThat(Crops.pad(abc, 2, 0, 2, 0, PaddingMode.CONSTANT, 9f).pixels()).containsExactly(9, 9, 1, 2, 3, 9, 9);
        assertThat(Crops.pad(abc, 2, 0, 2, 0, PaddingMode.EDGE, 0f).pixels()).containsExactly(1, 1, 1, 2, 3, 3, 3);
        assertThat(Crops.pad(abc, 2, 0, 2, 0, PaddingMode.REFLECT, 0f).pixels()).containsExactly(3, 2, 1, 2, 3, 2, 1);
        assertThat(Crops.pad(abc, 2, 0, 2, 0, PaddingMode.SYMMETRIC, 0f).pixels()).containsExactly(2, 1, 1, 2, 3, 3, 2);
        assertThatThrownBy(() -> Crops.pad(abc, 3, 0, 0, 0, PaddingMode.REFLECT, 0f)).hasMessageContaining("reflect");
    }

    @Test
    void centerCropRoundsHalfToEvenAsPython() {
        float[] v = new float[25];
        for (int i = 0; i < 25; i++) v[i] = i;
        FloatImage five = new FloatImage(1, 5, 5, v);
        // (5 - 2) / 2 = 1.5 rounds to 2: rows and columns 2..3
        assertThat(CenterCrop.crop(five, 2, 2).pixels()).containsExactly(12, 13, 17, 18);
        // (5 - 3) / 2 = 1
        assertThat(CenterCrop.crop(five, 3, 1).pixels()).containsExactly(7, 12, 17);
        float[] w = new float[7];
        for (int i = 0; i < 7; i++) w[i] = i;
        // (7 - 2) / 2 = 2.5 rounds to 2 (half to even)
        assertThat(CenterCrop.crop(new FloatImage(1, 1, 7, w), 1, 2).pixels()).containsExactly(2, 3);
    }

    @Test
    void centerCropLargerThanTheImagePadsWithZeros() {
        FloatImage two = new FloatImage(1, 2, 2, new float[] {1, 2, 3, 4});
        // width 2 -> 5: left (5-2)//2 = 1, right (5-2+1)//2 = 2; height 2 -> 3: top 0, bottom 1
        FloatImage out = (FloatImage) new CenterCrop(3, 5).apply(two, new SplittableRandom(0));
        assertThat(out.pixels()).containsExactly(
                0, 1, 2, 0, 0,
                0, 3, 4, 0, 0,
                0, 0, 0, 0, 0);
    }

    @Test
    void horizontalFlipMirrorsEveryRowOfEveryChannel() {
        FloatImage img = new FloatImage(2, 2, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertThat(RandomHorizontalFlip.flip(img).pixels()).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10);
        assertThat(new RandomHorizontalFlip(0.5).apply(img, new ScriptedRandom(0.49))).isEqualTo(RandomHorizontalFlip.flip(img));
        assertThat(new RandomHorizontalFlip(0.5).apply(img, new ScriptedRandom(0.5))).isEqualTo(img);
        assertThat(new RandomHorizontalFlip(0).apply(img, new ScriptedRandom(0.0))).isEqualTo(img);
    }

    @Test
    void rawBytesAreUpgradedByEveryTransform() {
        ByteImage raw = new ByteImage(1, 1, 2, new byte[] {0, (byte) 255});
        Image flipped = new RandomHorizontalFlip(1).apply(raw, new ScriptedRandom(0.0));
        assertThat(((FloatImage) flipped).pixels()).containsExactly(1f, 0f);
        assertThat(((FloatImage) new ToTensor().apply(raw, null)).pixels()).containsExactly(0f, 1f);
    }
}
