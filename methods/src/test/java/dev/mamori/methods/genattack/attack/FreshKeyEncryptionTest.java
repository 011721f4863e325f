package dev.mamori.methods.genattack.attack;

import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.nn.util.RandomArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FreshKeyEncryptionTest {
    private static final SchemeOptions OPTIONS = SchemeOptions.defaults().withBlockSize(4);

    /** Two copies of one image in a batch get two keys; seeded keys repeat with the seed, secure ones do not. */
    @ParameterizedTest
    @EnumSource(value = Scheme.class, names = {"ETC", "GRAY_ETC", "LE", "ELE", "PE", "BLOCK_SHUFFLE"})
    void everyImageGetsAFreshKey(Scheme scheme) {
        INDArray one = RandomArrays.uniform(new SplittableRandom(1), 0, 1, 1, 3, 16, 16);
        INDArray batch = Nd4j.concat(0, one, one);
        FreshKeyEncryption seeded = FreshKeyEncryption.seeded(scheme, OPTIONS, 3, 16, 16);
        INDArray a = seeded.apply(batch, new SplittableRandom(5)), b = seeded.apply(batch, new SplittableRandom(5));
        assertThat(a.shape()[0]).isEqualTo(2);
        assertThat(new long[]{a.size(1), a.size(2), a.size(3)}).containsExactly(seeded.encodedShape());
        assertThat(a.slice(0).equalsWithEps(a.slice(1), 1e-6)).as("two images, two keys").isFalse();
        assertThat(a.equalsWithEps(b, 0)).isTrue();
        assertThat(seeded.keysDerivableFromSeed()).isTrue();
        FreshKeyEncryption secure = FreshKeyEncryption.secure(scheme, OPTIONS, 3, 16, 16);
        assertThat(secure.keysDerivableFromSeed()).isFalse();
        assertThat(secure.apply(batch, new SplittableRandom(5)).equalsWithEps(secure.apply(batch, new SplittableRandom(5)), 1e-6)).isFalse();
    }

    @Test
    void neuraCryptIsNotALearnableCipher() {
        assertThatThrownBy(() -> FreshKeyEncryption.secure(Scheme.NEURACRYPT, OPTIONS, 3, 16, 16)).hasMessageContaining("learnable image cipher");
    }
}
