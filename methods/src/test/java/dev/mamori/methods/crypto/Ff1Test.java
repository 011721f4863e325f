package dev.mamori.methods.crypto;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FF1 against the NIST SP 800-38G sample vectors (FF1samples.pdf, AES-128 samples 1-3). */
class Ff1Test {
    private static final byte[] KEY = HexFormat.of().parseHex("2B7E151628AED2A6ABF7158809CF4F3C");

    @Test
    void nistSample1Radix10EmptyTweak() {
        Ff1 ff1 = new Ff1(KEY, 10, new byte[0]);
        assertThat(ff1.encrypt(digits("0123456789"))).containsExactly(digits("2433477484"));
        assertThat(ff1.decrypt(digits("2433477484"))).containsExactly(digits("0123456789"));
    }

    @Test
    void nistSample2Radix10WithTweak() {
        Ff1 ff1 = new Ff1(KEY, 10, HexFormat.of().parseHex("39383736353433323130"));
        assertThat(ff1.encrypt(digits("0123456789"))).containsExactly(digits("6124200773"));
        assertThat(ff1.decrypt(digits("6124200773"))).containsExactly(digits("0123456789"));
    }

    @Test
    void nistSample3Radix36OddLength() {
        Ff1 ff1 = new Ff1(KEY, 36, HexFormat.of().parseHex("3737373770717273373737"));
        assertThat(ff1.encrypt(base36("0123456789abcdefghi"))).containsExactly(base36("a9tv40mll9kdu509eum"));
        assertThat(ff1.decrypt(base36("a9tv40mll9kdu509eum"))).containsExactly(base36("0123456789abcdefghi"));
    }

    @Test
    void threeDigitDomainIsPermutedAndDecryptable() {
        Ff1 ff1 = new Ff1(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), 10, null);
        Set<Integer> images = new HashSet<>();
        for (int v = 0; v < 1000; v++) {
            int[] x = {v / 100, (v / 10) % 10, v % 10};
            int[] c = ff1.encrypt(x);
            images.add(c[0] * 100 + c[1] * 10 + c[2]);
            assertThat(ff1.decrypt(c)).containsExactly(x);
        }
        assertThat(images).hasSize(1000);
    }

    @Test
    void rejectsBadInput() {
        Ff1 ff1 = new Ff1(KEY, 10, null);
        assertThatThrownBy(() -> ff1.encrypt(new int[]{1})).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> ff1.encrypt(new int[]{1, 10})).hasMessageContaining("numeral 1 is 10");
        assertThatThrownBy(() -> new Ff1(new byte[15], 10, null)).hasMessageContaining("16, 24 or 32");
    }

    private static int[] digits(String s) {
        return s.chars().map(c -> c - '0').toArray();
    }

    private static int[] base36(String s) {
        return s.chars().map(c -> Character.digit(c, 36)).toArray();
    }
}
