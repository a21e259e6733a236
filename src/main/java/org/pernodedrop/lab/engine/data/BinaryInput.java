package org.pernodedrop.lab.engine.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A byte stream over a file, gunzipped when the name ends in {@code .gz}, that knows its uncompressed
 * position so every error can name the file and the byte offset (for gzip also the compressed offset).
 */
final class BinaryInput implements AutoCloseable {

    private final Path file;
    private final boolean gz;
    private final Counting raw;
    private final InputStream in;
    private long pos;

    private BinaryInput(Path file) throws IOException {
        this.file = file;
        this.gz = file.getFileName().toString().endsWith(".gz");
        this.raw = new Counting(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        this.in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** Opens a regular file of at most {@code maxBytes} bytes ({@code what} names its format in errors). */
    static BinaryInput open(Path file, long maxBytes, String what) throws DatasetException {
        DataFiles.requireRegular(file, 0, maxBytes, what);
        try {
            return new BinaryInput(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file not found");
        } catch (EOFException e) {
            throw new DatasetException(file + " at byte 0: empty or truncated gzip header");
        } catch (ZipException e) {
            throw new DatasetException(file + " at byte 0: not a gzip file (" + DataFiles.reason(e) + ")");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + DataFiles.reason(e) + ")");
        }
    }

    Path file() {
        return file;
    }

    boolean gzipped() {
        return gz;
    }

    long position() {
        return pos;
    }

    /** "file at byte N" (plus the compressed offset for gzip) for error messages. */
    String at(long offset) {
        return file + " at byte " + offset + (gz ? " (uncompressed; compressed byte " + raw.count + ")" : "");
    }

    int readInt() throws DatasetException {
        byte[] b = readBytes(4);
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    byte[] readBytes(int n) throws DatasetException {
        byte[] b = new byte[n];
        readFully(b, 0, n);
        return b;
    }

    /**
     * Reads exactly {@code n} bytes. The buffer grows while reading (from 1 MB), so a corrupted header that
     * announces gigabytes fails at the real end of the data instead of allocating first.
     */
    byte[] readGrowing(long n, LoadProgress progress, String phase) throws DatasetException {
        if (n > Integer.MAX_VALUE - 16) {
            throw new DatasetException(at(pos) + ": header announces " + n + " bytes, more than one array holds");
        }
        byte[] buf = new byte[(int) Math.min(n, 1 << 20)];
        int filled = 0;
        while (filled < n) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(n, (long) buf.length * 2));
            }
            int want = Math.min(buf.length - filled, 1 << 20);
            readFully(buf, filled, want);
            filled += want;
            progress.update(phase, filled, n);
            LoadProgress.check(progress, file.toString());
        }
        return buf;
    }

    void readFully(byte[] b, int off, int len) throws DatasetException {
        int done = 0;
        while (done < len) {
            int r;
            try {
                r = in.read(b, off + done, len - done);
            } catch (EOFException e) {
                throw new DatasetException(at(pos + done) + ": truncated (" + DataFiles.reason(e) + ")");
            } catch (IOException | RuntimeException e) {
                throw new DatasetException(at(pos + done) + ": corrupt data (" + DataFiles.reason(e) + ")");
            }
            if (r < 0) {
                throw new DatasetException(file + ": truncated at byte " + (pos + done) + ", expected "
                        + (len - done) + " more byte(s)");
            }
            done += r;
        }
        pos += len;
    }

    /** Fails when anything follows the expected data (a wrong header count or an appended file). */
    void expectEnd() throws DatasetException {
        int r;
        try {
            r = in.read();
        } catch (IOException e) {
            throw new DatasetException(at(pos) + ": corrupt data after the expected end (" + DataFiles.reason(e) + ")");
        }
        if (r >= 0) {
            throw new DatasetException(file + ": unexpected data after byte " + pos
                    + " (the header's counts say the file ends there)");
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only stream; nothing to recover
        }
    }

    static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int r = super.read();
            if (r >= 0) count++;
            return r;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) count += r;
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            long r = super.skip(n);
            count += r;
            return r;
        }
    }
}
