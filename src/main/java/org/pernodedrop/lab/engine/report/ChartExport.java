package org.pernodedrop.lab.engine.report;

import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a chart to PNG or SVG off-screen (no window, works with {@code java.awt.headless=true}); the app's
 * export buttons call the same methods with the chart on screen.
 */
public final class ChartExport {

    private ChartExport() {
    }

    /**
     * PNG of {@code width x height} layout units drawn at {@code scale} (2 gives a {@code 2w x 2h} image with
     * the same layout and twice-sharp text, for projectors and print).
     */
    public static void png(JFreeChart chart, Path file, int width, int height, double scale) throws IOException {
        if (width <= 0 || height <= 0 || !(scale > 0)) {
            throw new IllegalArgumentException("bad PNG size " + width + "x" + height + " at scale " + scale);
        }
        BufferedImage img = render(chart, width, height, scale);
        Path tmp = tempSibling(file);
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer available");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The chart as an image, {@code round(w*scale) x round(h*scale)} pixels, RGB on white. */
    public static BufferedImage render(JFreeChart chart, int width, int height, double scale) {
        int w = (int) Math.round(width * scale), h = (int) Math.round(height * scale);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Standalone SVG document of {@code width x height} user units. */
    public static void svg(JFreeChart chart, Path file, int width, int height) throws IOException {
        Files.writeString(file, svgDocument(chart, width, height), StandardCharsets.UTF_8);
    }

    public static String svgDocument(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        // a viewBox lets browsers and markdown viewers scale the figure to the page width
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + g.getSVGElement(null, true, new org.jfree.svg.ViewBox(0, 0, width, height), null, null) + "\n";
    }

    private static Path tempSibling(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    }
}
