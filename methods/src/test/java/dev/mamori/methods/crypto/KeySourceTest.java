package dev.mamori.methods.crypto;

import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.schemes.EleKey;
import dev.mamori.methods.encryption.schemes.EtcKey;
import dev.mamori.methods.encryption.schemes.LeKey;
import dev.mamori.methods.encryption.schemes.PeKey;
import dev.mamori.methods.testing.KeyLeaks;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class KeySourceTest {

    /**
     * Keys from seeds are part of every reproducible (opt-in) experiment: these digests of the material were computed
     * with the key code before it moved to this package (each key type drawing on its own), and must never change.
     * The digest is the one the keys used to show as their fingerprint; it is computed here, in the test, because keys
     * no longer show any digest of their material.
     */
    @Test
    void seededKeysOfEveryTypeAreThoseOfEarlierVersions() {
        assertThat(KeyLeaks.materialDigest(SecretKey.fromSeed(TransformKind.SHUFFLE, 4, 3, 7))).startsWith("ce336245016f");
        assertThat(KeyLeaks.materialDigest(SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 3, 7))).startsWith("4ae4b411a1fb");
        assertThat(KeyLeaks.materialDigest(SecretKey.fromSeed(TransformKind.FFX, 4, 3, 7))).startsWith("89c98be155c0");
        assertThat(EtcKey.fromSeed(7, 4, 3, 16, 16).fingerprint()).isEqualTo("65c80dac6353");
        assertThat(EleKey.fromSeed(7, 4, 3, 16, 16).fingerprint()).isEqualTo("856a191b73ae");
        assertThat(PeKey.fromSeed(7, 3, 8, 8).fingerprint()).isEqualTo("e854e38c0303");
    }

    @Test
    void keyIdsAreRandomAndNeverDerivedFromMaterialOrSeed() {
        SecretKey a = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 7), b = SecretKey.fromSeed(TransformKind.NEGATIVE_POSITIVE, 4, 1, 7);
        assertThat(a).isEqualTo(b);
        assertThat(a.id()).matches("[0-9a-f]{16}").isNotEqualTo(b.id());
        // nothing a key shows can be checked against a guess: the same material shows another id every time
        assertThat(KeyLeaks.foundIn(a.toString() + " " + a.id(), a)).isEmpty();
        assertThat(KeySource.newKeyId()).isNotEqualTo(KeySource.newKeyId());
        assertThat(java.util.stream.Stream.generate(KeySource::newKeyId).limit(200).distinct().count()).isEqualTo(200);
    }

    @Test
    void drawsAreTheDocumentedOnes() {
        assertThat(KeySource.seeded(5)).isInstanceOf(SplittableRandom.class);
        assertThat(KeySource.secure()).isInstanceOf(SecureRandom.class);
        // Fisher-Yates as documented
        SplittableRandom rng = new SplittableRandom(11);
        int[] want = IntStream.range(0, 20).toArray();
        for (int i = want.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = want[i];
            want[i] = want[j];
            want[j] = t;
        }
        assertThat(KeySource.permutation(20, KeySource.seeded(11))).containsExactly(want);
        int[] rank = KeySource.permutation(48, KeySource.seeded(3));
        boolean[] mask = KeySource.halfMask(48, KeySource.seeded(3));
        for (int i = 0; i < 48; i++) assertThat(mask[i]).isEqualTo(rank[i] > 24);
    }

    @Test
    void everyKeyTypeHasAnUnpredictableForm() {
        assertThat(EtcKey.random(4, 3, 8, 8)).isNotEqualTo(EtcKey.random(4, 3, 8, 8));
        assertThat(EleKey.random(4, 3, 8, 8)).isNotEqualTo(EleKey.random(4, 3, 8, 8));
        assertThat(PeKey.random(3, 4, 4)).isNotEqualTo(PeKey.random(3, 4, 4));
        LeKey a = LeKey.random(new KeyGeometry(3, 8, 8, 4)), b = LeKey.random(new KeyGeometry(3, 8, 8, 4));
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(a.shuffleKey()).isNotEqualTo(b.shuffleKey());
    }
}
