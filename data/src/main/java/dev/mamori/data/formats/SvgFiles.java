package dev.mamori.data.formats;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.parser.resources.ResourcePolicy;
import com.github.weisj.jsvg.view.ViewBox;
import dev.mamori.data.ByteImage;
import dev.mamori.data.MalformedDataException;
import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders SVG files with JSVG (a kept SVG library; no hand-written rasterizer) to square 8-bit RGB images composited
 * on white, the same way {@link ImageFiles#readOnWhite} treats transparent PNGs. The document's view box is scaled to
 * fill the square. Untrusted files are bounded: a size limit before parsing, JSVG's document limits (nesting and path
 * counts) and no external resources (no file or network access from inside an SVG).
 */
public final class SvgFiles {
    /** Larger SVG files are refused before parsing (OpenMoji's largest are well under 1 MiB). */
    public static final long MAX_BYTES = 8L << 20;
    /** Larger renderings are refused: every caller here renders small thumbnails. */
    public static final int MAX_SIZE = 4096;

    private static final LoaderContext UNTRUSTED = LoaderContext.builder()
            .externalResourcePolicy(ResourcePolicy.DENY_ALL)
            .documentLimits(DocumentLimits.DEFAULT)
            .build();

    private SvgFiles() {}

    /** The SVG file rendered to size x size pixels over white. */
    public static ByteImage renderOnWhite(Path file, int size) throws IOException {
        if (size < 1 || size > MAX_SIZE) throw new IllegalArgumentException("size must be in [1, " + MAX_SIZE + "], got " + size);
        long bytes = Files.size(file);
        if (bytes > MAX_BYTES) {
            throw new MalformedDataException(file, -1, "SVG file of " + bytes + " bytes is larger than the limit of " + MAX_BYTES);
        }
        SVGDocument doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = new SVGLoader().load(in, file.toUri(), UNTRUSTED);
        } catch (RuntimeException e) {
            throw new MalformedDataException(file, -1, "JSVG cannot parse the SVG (" + e + ")", e);
        }
        if (doc == null) throw new MalformedDataException(file, -1, "JSVG cannot parse the SVG (not well-formed XML or not an SVG document)");
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            doc.render((Component) null, g, new ViewBox(0, 0, size, size));
        } catch (RuntimeException e) {
            throw new MalformedDataException(file, -1, "JSVG cannot render the SVG (" + e + ")", e);
        } finally {
            g.dispose();
        }
        return ImageFiles.compositeOnWhite(canvas);
    }
}
