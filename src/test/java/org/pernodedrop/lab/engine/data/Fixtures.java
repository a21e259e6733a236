package org.pernodedrop.lab.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/** Writers of the exact binary formats, used by the tests to build their own fixtures. */
final class Fixtures {

    private Fixtures() {
    }

    /** IDX images: magic 0x803, count, rows, cols (big-endian), then the pixels. */
    static byte[] idxImages(byte[] pixels, int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + pixels.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x803).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return b.array();
    }

    static byte[] idxLabels(byte[] labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x801).putInt(labels.length).put(labels);
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) {
            o.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bo.toByteArray();
    }

    /** A small IDX set in {@code dir}: n train and m test images of rows x cols, labels cycling 0..9. */
    static void writeIdxSet(Path dir, int n, int m, int rows, int cols, boolean gz, long seed) throws IOException {
        Random rnd = new Random(seed);
        Files.createDirectories(dir);
        for (String part : new String[]{"train", "t10k"}) {
            int count = part.equals("train") ? n : m;
            byte[] px = new byte[count * rows * cols];
            rnd.nextBytes(px);
            byte[] lb = new byte[count];
            for (int i = 0; i < count; i++) lb[i] = (byte) (i % 10);
            byte[] a = idxImages(px, count, rows, cols);
            byte[] b = idxLabels(lb);
            String sfx = gz ? ".gz" : "";
            Files.write(dir.resolve(part + "-images-idx3-ubyte" + sfx), gz ? gzip(a) : a);
            Files.write(dir.resolve(part + "-labels-idx1-ubyte" + sfx), gz ? gzip(b) : b);
        }
    }

    /** CIFAR-10 records: label byte then 3072 pixel bytes. */
    static byte[] cifarBatch(int records, long seed) {
        Random rnd = new Random(seed);
        byte[] out = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            out[r * 3073] = (byte) (r % 10);
            byte[] px = new byte[3072];
            rnd.nextBytes(px);
            System.arraycopy(px, 0, out, r * 3073 + 1, 3072);
        }
        return out;
    }

    /** 16-bit PCM WAV; {@code samples} interleaved when channels > 1. */
    static byte[] wav(short[] samples, int channels, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels).putInt(rate)
                .putInt(rate * 2 * channels).putShort((short) (2 * channels)).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples.length);
        for (short s : samples) b.putShort(s);
        return b.array();
    }

    /** A 1 s tone of {@code hz} with seeded noise, as 16 kHz mono int16. */
    static short[] tone(double hz, double seconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(16000 * seconds);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / 16000) + 300 * rnd.nextGaussian());
        }
        return s;
    }

    /** A folder of class sub-folders with {@code perClass} tone clips each. */
    static void writeSpeechSet(Path dir, String[] classes, int perClass) throws IOException {
        for (int c = 0; c < classes.length; c++) {
            Path d = dir.resolve(classes[c]);
            Files.createDirectories(d);
            for (int k = 0; k < perClass; k++) {
                double seconds = 0.6 + 0.1 * (k % 5);   // shorter clips are padded to 1 s
                Files.write(d.resolve("clip-" + k + ".wav"), wav(tone(300 + 400 * c + 7 * k, seconds, 31L * c + k), 1,
                        16000));
            }
        }
    }
}
