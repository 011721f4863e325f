package dev.mamori.methods.encryption.catalog;

import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.ImageCipher;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every image cipher, on colour and gray 8-bit images: decrypt(encrypt(x)) == x exactly (the test that catches a
 * channel "swap" that duplicates a channel, or any draw that is not a bijection), a wrong key does not decrypt, the
 * encryption changes the image, seeds reproduce keys, shapes and 8-bit storage are as declared.
 */
class SchemeRoundTripTest {

    static Stream<Arguments> ciphersAndChannels() {
        return Arrays.stream(Scheme.values()).filter(Scheme::isCipher).flatMap(s -> Stream.of(Arguments.of(s, 3), Arguments.of(s, 1)));
    }

    @ParameterizedTest(name = "{0} on {1}-channel images")
    @MethodSource("ciphersAndChannels")
    void roundTripIsExactAndAWrongKeyDoesNotDecrypt(Scheme scheme, int channels) {
        SchemeOptions options = SchemeOptions.defaults().withBlockSize(2);
        KeyGeometry g = scheme.geometry(channels, 8, 12, options);
        EncryptionKey key = scheme.fromSeed(11, g, options);
        ImageCipher cipher = (ImageCipher) Scheme.encoder(key);
        INDArray x = TestImages.eightBit(3, 4, channels, 8, 12);
        INDArray y = cipher.encrypt(x);
        assertThat(y.shape()).containsExactly(4, cipher.encodedShape()[0], cipher.encodedShape()[1], cipher.encodedShape()[2]);
        TestImages.assertExactlyEqual(cipher.decrypt(y), x);
        assertThat(TestImages.maxAbsDiff(cipher.viewable(y), x)).as("encryption changes the image").isGreaterThan(0.3);
        assertThat(cipher.viewable(y).shape()).containsExactly(x.shape());
        if (cipher.preservesEightBit()) {
            double offGrid = 0;
            for (float v : y.dup().data().asFloat()) offGrid = Math.max(offGrid, Math.abs(v * 255 - Math.round(v * 255)));
            assertThat(offGrid).as("8-bit values stay on the grid").isLessThan(1e-3);
        }

        EncryptionKey same = scheme.fromSeed(11, g, options);
        assertThat(same.fingerprint()).isEqualTo(key.fingerprint());
        TestImages.assertExactlyEqual(((ImageCipher) Scheme.encoder(same)).encrypt(x), y);

        EncryptionKey other = scheme.fromSeed(12, g, options);
        assertThat(other.fingerprint()).isNotEqualTo(key.fingerprint());
        ImageCipher wrong = (ImageCipher) Scheme.encoder(other);
        boolean refused;
        double error = 0;
        try {
            error = TestImages.maxAbsDiff(wrong.decrypt(y), x);
            refused = false;
        } catch (IllegalArgumentException e) {
            refused = true; // FFX's table has no preimage for values another key produced
        }
        assertThat(refused || error > 0.3).as("a wrong key does not decrypt (max error %s)", error).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allSchemes")
    void secureKeysDifferAndPrintOnlyTheirFingerprint(Scheme scheme) {
        SchemeOptions options = new SchemeOptions(4, 8, 1, 8, "sum");
        KeyGeometry g = scheme.geometry(3, 8, 8, options);
        EncryptionKey a = scheme.random(g, options), b = scheme.random(g, options);
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).matches("[0-9a-f]{12}");
        assertThat(a.toString()).contains(a.fingerprint()).hasSizeLessThan(200);
        assertThat(a.scheme()).isEqualTo(scheme.configName());
        assertThat(a.geometry()).isEqualTo(g);
        ImageEncoder e = Scheme.encoder(a);
        assertThat(e.toString()).contains(a.fingerprint());
        a.material().parts().forEach((name, part) -> {
            if (part instanceof dev.mamori.methods.encryption.KeyMaterial.Ints ints && ints.values().length >= 4) {
                String head = Arrays.toString(Arrays.copyOf(ints.values(), 4));
                String prefix = head.substring(1, head.length() - 1);
                assertThat(a.toString()).as(name).doesNotContain(prefix);
                assertThat(e.toString()).as(name).doesNotContain(prefix);
            }
        });
    }

    static Stream<Scheme> allSchemes() {
        return Arrays.stream(Scheme.values());
    }
}
