package org.pernodedrop.lab.app;

import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.WritableImage;
import javafx.scene.input.ClipboardContent;
import javafx.scene.paint.Color;
import javafx.scene.transform.Scale;
import javafx.stage.FileChooser;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * PNG, SVG and "copy image" for the single-run views. A view is a {@link Target}: a name, a picture at a scale and an
 * SVG document. What only the FX thread can do is done there at once (a snapshot of the view's nodes, every canvas in
 * them drawn again at the scale); the rest - the loss chart drawn by JFreeChart on its render thread, PNG and base64
 * encoding, the file write - runs on the window's I/O thread. The loss chart's SVG is vector (JFreeSVG, as the
 * Experiments charts); a canvas view's SVG wraps its picture drawn at {@link #SCALE}x in an {@code <image>} element
 * with a title - an SVG that any slide tool scales, not a redrawing of the canvas in vectors.
 */
public final class ViewExport {

    /** Exported pictures are drawn at twice the layout size: sharp on projectors, HiDPI screens and in print. */
    public static final double SCALE = 2.0;

    /**
     * One exportable picture. Each export is in two parts: what only the FX thread can do (a snapshot of the nodes),
     * done at once, and the rest (drawing a chart, encoding), returned as work for the window's I/O thread, so the FX
     * thread neither draws nor encodes nor waits.
     */
    public interface Target {
        /** A file-name stem, e.g. "mask". */
        String name();

        /** What the picture shows (SVG title, menus). */
        String title();

        /** Takes what the picture at {@code scale} needs from the FX thread (call there); the work finishes it. */
        Callable<BufferedImage> image(double scale) throws Exception;

        /** As {@link #image}, for a standalone SVG document: by default the picture at 2x, wrapped. */
        default Callable<String> svg() throws Exception {
            Callable<BufferedImage> picture = image(SCALE);
            return () -> {
                BufferedImage img = picture.call();
                return wrapRaster(img, img.getWidth() / SCALE, img.getHeight() / SCALE, title());
            };
        }
    }

    private ViewExport() {
    }

    /** A target that snapshots {@code nodes} (their current look, theme included), stacked top to bottom. */
    public static Target of(String name, String title, Node... nodes) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Callable<BufferedImage> image(double scale) {
                // the FX thread takes the snapshots; their conversion to AWT images (every pixel) waits for the caller
                java.util.List<WritableImage> parts = new java.util.ArrayList<>();
                for (Node n : nodes) {
                    if (n.isVisible() && n.getLayoutBounds().getWidth() > 0 && n.getLayoutBounds().getHeight() > 0) {
                        parts.add(fxSnapshot(n, scale));
                    }
                }
                if (parts.isEmpty()) throw new IllegalStateException("the " + title + " has no size yet (is it shown?)");
                java.awt.Color background = Theme.chartBackground(Theme.dark());
                return () -> stack(parts.stream().map(img -> SwingFXUtils.fromFXImage(img, null)).toList(), background);
            }
        };
    }

    /** The node drawn at {@code scale} times its layout size, on an opaque background (FX thread). */
    public static BufferedImage snapshot(Node node, double scale) {
        return SwingFXUtils.fromFXImage(fxSnapshot(node, scale), null);
    }

    /** {@link #snapshot} as the FX image, without converting its pixels (FX thread). */
    static WritableImage fxSnapshot(Node node, double scale) {
        SnapshotParameters p = new SnapshotParameters();
        p.setTransform(new Scale(scale, scale));
        p.setFill(Theme.dark() ? Color.web(Theme.DARK_PANEL) : Color.WHITE);
        Bounds b = node.getLayoutBounds();
        int w = (int) Math.ceil(b.getWidth() * scale), h = (int) Math.ceil(b.getHeight() * scale);
        if (w <= 0 || h <= 0) throw new IllegalStateException("the view has no size yet (is it shown?)");
        // canvases are drawn again at the scale (a canvas snapshot would only enlarge its 1x pixels)
        java.util.List<CanvasPane> canvases = scale == 1.0 ? java.util.List.of() : CanvasPane.within(node);
        try {
            for (CanvasPane c : canvases) c.freezeAt(scale);
            return node.snapshot(p, new WritableImage(w, h));
        } finally {
            for (CanvasPane c : canvases) c.unfreeze();
        }
    }

    /** Pictures one under the other, left-aligned, on the theme's background. */
    static BufferedImage stack(java.util.List<BufferedImage> parts, java.awt.Color background) {
        if (parts.size() == 1) return parts.get(0);
        int w = parts.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
        int h = parts.stream().mapToInt(BufferedImage::getHeight).sum();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        int y = 0;
        for (BufferedImage p : parts) {
            g.drawImage(p, 0, y, null);
            y += p.getHeight();
        }
        g.dispose();
        return out;
    }

    /** An SVG document of {@code width x height} user units showing {@code img} scaled to fit, with a title. */
    public static String wrapRaster(BufferedImage img, double width, double height, String title) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        String w = num(width), h = num(height);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\""
                + w + "\" height=\"" + h + "\" viewBox=\"0 0 " + w + " " + h + "\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<image x=\"0\" y=\"0\" width=\"" + w + "\" height=\"" + h + "\" preserveAspectRatio=\"none\" "
                + "xlink:href=\"data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray())
                + "\"/>\n</svg>\n";
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Writes the target as PNG or SVG, chosen by the file's extension, waiting for it (FX thread; tests). */
    public static void write(Target t, Path file) throws Exception {
        prepare(t, file).call();
    }

    /**
     * Takes what the picture needs from the FX thread now and returns the drawing, encoding and file write, which
     * may run on any thread.
     */
    static Callable<Path> prepare(Target t, Path file) throws Exception {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            Callable<BufferedImage> picture = t.image(SCALE);
            return () -> {
                BufferedImage img = picture.call();
                writeAtomically(file, tmp -> {
                    if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer available");
                });
                return file;
            };
        } else if (n.endsWith(".svg")) {
            Callable<String> svg = t.svg();
            return () -> {
                String doc = svg.call();
                writeAtomically(file, tmp -> Files.writeString(tmp, doc, StandardCharsets.UTF_8));
                return file;
            };
        }
        throw new IOException(file + ": export needs a .png or .svg file name");
    }

    private interface Writer {
        void write(Path tmp) throws IOException;
    }

    /** Into a temporary sibling first, then moved over the target: a failed write never leaves half a file. */
    private static void writeAtomically(Path file, Writer w) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            w.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Puts the picture (at {@link #SCALE}) on the system clipboard, finished on the I/O thread (FX thread). */
    public static void copy(Target t, Consumer<String> onError) {
        Callable<BufferedImage> picture;
        try {
            picture = t.image(SCALE);
        } catch (Exception ex) {
            onError.accept("could not copy the " + t.title() + ": " + Errors.describe(ex));
            return;
        }
        org.pernodedrop.lab.app.jobs.BackgroundWork.shared().submit("Copying the " + t.title(), picture, img -> {
            ClipboardContent c = new ClipboardContent();
            c.putImage(SwingFXUtils.toFXImage(img, null));
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        }, reason -> onError.accept("could not copy the " + t.title() + ": " + reason));
    }

    /** "Save PNG...", "Save SVG...", "Copy image" for a target, as menu items. */
    public static java.util.List<MenuItem> items(Target t, Node owner, Consumer<String> onError) {
        MenuItem png = new MenuItem("Save PNG\u2026");
        png.setOnAction(e -> choose(t, "png", owner, onError));
        MenuItem svg = new MenuItem("Save SVG\u2026");
        svg.setOnAction(e -> choose(t, "svg", owner, onError));
        MenuItem copy = new MenuItem("Copy image");
        copy.setOnAction(e -> copy(t, onError));
        return java.util.List.of(png, svg, copy);
    }

    /** A submenu named after the target. */
    public static Menu menu(Target t, Node owner, Consumer<String> onError) {
        Menu m = new Menu(t.title());
        m.getItems().addAll(items(t, owner, onError));
        return m;
    }

    /** A right-click menu on {@code node} with the target's three items. */
    public static void contextMenu(Node node, Target t, Consumer<String> onError) {
        ContextMenu menu = new ContextMenu();
        menu.getItems().addAll(items(t, node, onError));
        node.setOnContextMenuRequested(e -> {
            menu.show(node, e.getScreenX(), e.getScreenY());
            e.consume();
        });
    }

    private static void choose(Target t, String ext, Node owner, Consumer<String> onError) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save the " + t.title() + " as " + ext.toUpperCase(Locale.ROOT));
        fc.setInitialFileName(t.name() + "." + ext);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT), "*." + ext));
        var f = fc.showSaveDialog(owner == null || owner.getScene() == null ? null : owner.getScene().getWindow());
        if (f == null) return;
        Callable<Path> writing;
        try {
            writing = prepare(t, f.toPath());
        } catch (Exception ex) {
            onError.accept("could not save the " + t.title() + ": " + Errors.describe(ex));
            return;
        }
        // PNG encoding and the disk write run on the window's I/O thread, not the FX thread (issue 11)
        org.pernodedrop.lab.app.jobs.BackgroundWork.shared().submit("Saving the " + t.title(), writing, p -> { },
                reason -> onError.accept("could not save the " + t.title() + ": " + reason));
    }
}
