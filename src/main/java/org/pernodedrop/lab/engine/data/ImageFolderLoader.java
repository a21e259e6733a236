package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder per class of PNG/JPEG (also GIF/BMP) images. Every image is scaled (bilinear)
 * to the size of the first image, kept as bytes, channels-first: {@code [1, h, w]} when every image is
 * grey, else {@code [3, h, w]} (RGB, alpha dropped). Split by the spec's ratio, stratified.
 */
public final class ImageFolderLoader {

    static final int MAX_SIDE = 1024;
    /** An uncompressed 1024x1024 BMP with alpha is 4 MiB; anything far above that is not a usable image. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private ImageFolderLoader() {
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg")
                || n.endsWith(".gif") || n.endsWith(".bmp"));
    }

    static Dataset load(Path root, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        ClassFolders listing = ClassFolders.list(root, ImageFolderLoader::isImage, "images");
        List<String> classes = listing.classes();
        List<Path> files = listing.files();
        List<BufferedImage> images = new ArrayList<>();
        boolean grey = true;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = read(files.get(i));
            grey &= img.getColorModel().getColorSpace().getNumComponents() == 1;
            images.add(img);
            if (i % 64 == 0) {
                progress.update("reading images", i, files.size());
                LoadProgress.check(progress, root.toString());
            }
        }
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        int c = grey ? 1 : 3;
        int f = c * h * w;
        byte[] px = new byte[files.size() * f];
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = scaled(images.get(i), w, h);
            // grey images: the raw sample (getRGB would apply a gamma conversion to linear grey)
            boolean raw = grey && img.getRaster().getNumBands() == 1;
            int shift = raw ? Math.max(0, img.getColorModel().getComponentSize(0) - 8) : 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int base = i * f + y * w + x;
                    if (raw) {
                        px[base] = (byte) (img.getRaster().getSample(x, y, 0) >> shift);
                        continue;
                    }
                    int rgb = img.getRGB(x, y);
                    if (grey) {
                        px[base] = (byte) (rgb & 0xff);
                    } else {
                        px[base] = (byte) (rgb >> 16);
                        px[base + h * w] = (byte) (rgb >> 8);
                        px[base + 2 * h * w] = (byte) rgb;
                    }
                }
            }
        }
        int[] y = listing.labels();
        return Splits.splitPool("image-folder", new int[]{c, h, w}, classes, false, new UnsignedByteExamples(px, f),
                Splits.oneHot(y, classes.size()), spec, seed, root.toString());
    }

    /** Decodes one image; a decoder failure names the file and the byte the decoder had reached. */
    static BufferedImage read(Path file) throws DatasetException {
        DataFiles.requireRegular(file, 1, MAX_FILE_BYTES, "PNG, JPEG, GIF or BMP image");
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new DatasetException(file + " at byte 0: cannot open");
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DatasetException(file + " at byte 0: not a PNG, JPEG, GIF or BMP image");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                int w = r.getWidth(0);
                int h = r.getHeight(0);
                if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new DatasetException(file + " at byte " + in.getStreamPosition() + ": image is " + w + "x" + h
                            + ", sides must be 1.." + MAX_SIDE);
                }
                return r.read(0);
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                long at;
                try {
                    at = in.getStreamPosition();
                } catch (IOException ex) {
                    at = -1;
                }
                throw new DatasetException(file + " at byte " + at + ": corrupt or truncated image ("
                        + DataFiles.reason(e) + ")");
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + DataFiles.reason(e) + ")");
        }
    }

    private static BufferedImage scaled(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) return img;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
