package dev.mamori.methods.crypto;

import dev.mamori.methods.crypto.blockwise.BlockTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretKeyTest {

    @ParameterizedTest
    @EnumSource(TransformKind.class)
    void sameSeedGivesSameKeyAndOtherSeedsDiffer(TransformKind kind) {
        SecretKey a = SecretKey.fromSeed(kind, 4, 3, 42);
        SecretKey b = SecretKey.fromSeed(kind, 4, 3, 42);
        SecretKey c = SecretKey.fromSeed(kind, 4, 3, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.id()).as("ids are random, even for seeded keys").isNotEqualTo(b.id());
        assertThat(a).isNotEqualTo(c);
        assertThat(SecretKey.random(kind, 4, 3)).isNotEqualTo(SecretKey.random(kind, 4, 3));
    }

    @Test
    void seededMaterialHasTheDocumentedForm() {
        int[] p = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 7).permutation();
        assertThat(p).hasSize(48);
        assertThat(Arrays.stream(p).sorted().toArray()).containsExactly(java.util.stream.IntStream.range(0, 48).toArray());
        assertThat(p).isNotEqualTo(java.util.stream.IntStream.range(0, 48).toArray());

        // Same seed: the mask marks exactly the positions where the shuffle permutation (the random ranks) exceeds L/2.
        boolean[] mask = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 7).mask();
        for (int i = 0; i < 48; i++) assertThat(mask[i]).as("position %d", i).isEqualTo(p[i] > 24);
        SecretKey ffx = SecretKey.fromSeed(TransformKind.FFX, 4, 3, 7);
        assertThat(ffx.mask()).isEqualTo(mask);
        assertThat(ffx.aesKey()).hasSize(16);

        // Odd L: rank > L/2 marks L - 1 - floor(L/2) positions.
        boolean[] odd = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 3, 3, 1).mask();
        int marked = 0;
        for (boolean m : odd) if (m) marked++;
        assertThat(marked).isEqualTo(27 - 1 - 13);
    }

    @Test
    void toStringAndIdNeverShowMaterial() {
        SecretKey shuffle = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 5);
        SecretKey ffx = SecretKey.fromSeed(TransformKind.FFX, 4, 3, 5);
        assertThat(shuffle.toString()).matches("SecretKey\\{kind=shuffle, blockSize=4, channels=3, id=[0-9a-f]{16}}");
        assertThat(ffx.toString()).matches("SecretKey\\{kind=ffx, blockSize=4, channels=3, id=[0-9a-f]{16}}");
        String aesHex = HexFormat.of().formatHex(ffx.aesKey());
        assertThat(ffx.toString()).doesNotContain(aesHex.substring(0, 8));
        assertThat(aesHex).doesNotContain(ffx.id());
        StringBuilder maskBits = new StringBuilder();
        for (boolean m : ffx.mask()) maskBits.append(m ? '1' : '0');
        assertThat(ffx.toString()).doesNotContain(maskBits.substring(0, 16));
        assertThat(shuffle.toString()).doesNotContain(Arrays.toString(shuffle.permutation()).substring(1, 12));
        for (BlockTransform t : new BlockTransform[]{BlockTransform.forKey(shuffle), BlockTransform.forKey(ffx)}) {
            assertThat(t.toString()).contains("{" + t.key());
            assertThat(t.keyId()).isEqualTo(t.key().id());
        }
    }

    @Test
    void equalityFollowsTheMaterialOnly() {
        int[] p = SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 5).permutation();
        int[] swapped = p.clone();
        swapped[0] = p[1];
        swapped[1] = p[0];
        assertThat(SecretKey.shuffle(4, 3, p)).isEqualTo(SecretKey.shuffle(4, 3, p.clone())).isNotEqualTo(SecretKey.shuffle(4, 3, swapped));

        SecretKey ffx = SecretKey.fromSeed(TransformKind.FFX, 4, 3, 5);
        boolean[] mask = ffx.mask();
        mask[47] = !mask[47];
        byte[] aes = ffx.aesKey();
        aes[15] ^= 1;
        assertThat(SecretKey.ffx(4, 3, mask, ffx.aesKey())).isNotEqualTo(ffx);
        assertThat(SecretKey.ffx(4, 3, ffx.mask(), aes)).isNotEqualTo(ffx);
        assertThat(SecretKey.negativePositive(4, 3, ffx.mask())).isNotEqualTo(ffx);
    }

    @Test
    void blockLengthsThatOverflowAreErrors() {
        assertThatThrownBy(() -> SecretKey.random(TransformKind.NEGATIVE_POSITIVE, 1 << 16, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 2^31");
    }

    @Test
    void accessorsReturnCopies() {
        SecretKey key = SecretKey.fromSeed(TransformKind.SHUFFLE, 2, 1, 3);
        int[] p = key.permutation();
        p[0] = p[1];
        assertThat(key.permutation()).isNotEqualTo(p);
        assertThatThrownBy(key::mask).hasMessageContaining("shuffle key has no mask");
    }

    @Test
    void explicitMaterialIsValidated() {
        assertThatThrownBy(() -> SecretKey.shuffle(4, 3, new int[47])).hasMessageContaining("length 47").hasMessageContaining("48");
        int[] dup = java.util.stream.IntStream.range(0, 12).toArray();
        dup[5] = 3;
        assertThatThrownBy(() -> SecretKey.shuffle(2, 3, dup)).hasMessageContaining("not a permutation").hasMessageContaining("positions 3 and 5");
        int[] out = java.util.stream.IntStream.range(0, 12).toArray();
        out[2] = 12;
        assertThatThrownBy(() -> SecretKey.shuffle(2, 3, out)).hasMessageContaining("position 2").hasMessageContaining("out of range");
        assertThatThrownBy(() -> SecretKey.negativePositive(2, 3, new boolean[11])).hasMessageContaining("mask has length 11");
        assertThatThrownBy(() -> SecretKey.ffx(2, 3, new boolean[12], new byte[10])).hasMessageContaining("10 bytes");
        assertThatThrownBy(() -> SecretKey.shuffle(0, 3, new int[0])).hasMessageContaining("block size");
    }
}
