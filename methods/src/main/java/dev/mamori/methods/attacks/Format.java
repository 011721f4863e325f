package dev.mamori.methods.attacks;

import java.util.Locale;

/** Short number formatting for attack names (8/255 is shown as 0.03137). */
final class Format {
    private Format() {}

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.5g", v);
        if (s.contains("e")) return s;
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
