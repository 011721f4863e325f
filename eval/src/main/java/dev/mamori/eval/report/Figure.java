package dev.mamori.eval.report;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A picture for a report: written as {@code figures/<fileName>} and shown with its caption.
 *
 * @param drawnText every string drawn into the pixels (titles, axis labels, legend, row labels), so that the
 *     report's {@link ForbiddenStrings} check covers the images too
 */
public record Figure(String fileName, String caption, BufferedImage image, List<String> drawnText) {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.png");

    public Figure {
        if (fileName == null || !SAFE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("figure file name must be a plain name ending in .png (letters, digits, '.', '_', '-'), got '" + fileName + "'");
        }
        if (image == null) throw new IllegalArgumentException("figure " + fileName + " has no image");
        caption = caption == null ? "" : caption;
        drawnText = List.copyOf(drawnText == null ? List.of() : drawnText);
    }

    public static Figure of(String fileName, String caption, BufferedImage image) {
        return new Figure(fileName, caption, image, List.of());
    }

    public Figure withCaption(String newCaption) {
        return new Figure(fileName, newCaption, image, drawnText);
    }

    /** Path relative to the report directory. */
    public String relativePath() {
        return "figures/" + fileName;
    }
}
