package dev.mamori.data.emoji;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The image sets of the emoji-datasource packages (iamcal/emoji-data): one npm package per vendor, each with 64x64
 * PNGs under img/&lt;vendor&gt;/64/ and a has_img_&lt;vendor&gt; flag per emoji in emoji.json. Google's and Twitter's
 * are installed by default; Apple's and Facebook's only on request, because their licences differ. The licence texts
 * are what the emoji-datasource README (16.0.0, "Image Sources") says of each set.
 */
public enum EmojiVendor {
    GOOGLE("google", true, "Apache License 2.0 (Noto Emoji)"),
    TWITTER("twitter", true, "Creative Commons Attribution 4.0 (Twemoji graphics; attribution required)"),
    APPLE("apple", false, "Copyright Apple Inc., not licensed for commercial usage"),
    FACEBOOK("facebook", false, "Copyright Facebook, Inc., no clear licensing");

    private final String id;
    private final boolean installedByDefault;
    private final String licence;

    EmojiVendor(String id, boolean installedByDefault, String licence) {
        this.id = id;
        this.installedByDefault = installedByDefault;
        this.licence = licence;
    }

    /** "google", "twitter", ... as in the package names, image folders and has_img_ flags. */
    public String id() {
        return id;
    }

    /** The npm package holding the images, e.g. emoji-datasource-google. */
    public String packageName() {
        return "emoji-datasource-" + id;
    }

    /** The emoji.json flag saying whether this set has an emoji's image. */
    public String imageFlag() {
        return "has_img_" + id;
    }

    /** True for the sets installed by .ci/install-data and used when no vendors are named. */
    public boolean installedByDefault() {
        return installedByDefault;
    }

    /** What the emoji-datasource README says of this image set's licence. */
    public String licence() {
        return licence;
    }

    /** &lt;npm prefix&gt;/node_modules/emoji-datasource-&lt;vendor&gt;. */
    public Path packageDir(Path npmPrefix) {
        return npmPrefix.resolve("node_modules").resolve(packageName());
    }

    /** The folder of 64x64 PNGs inside the package. */
    public Path imageDir(Path npmPrefix) {
        return packageDir(npmPrefix).resolve("img").resolve(id).resolve("64");
    }

    /** The sets used when no vendors are named: Google and Twitter. */
    public static List<EmojiVendor> defaults() {
        return Arrays.stream(values()).filter(EmojiVendor::installedByDefault).toList();
    }

    /** A vendor by its id (case-insensitive). */
    public static EmojiVendor parse(String id) {
        for (EmojiVendor v : values()) if (v.id.equalsIgnoreCase(id.strip())) return v;
        throw new IllegalArgumentException("unknown emoji vendor '" + id + "'; known: "
                + Arrays.stream(values()).map(EmojiVendor::id).toList());
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
