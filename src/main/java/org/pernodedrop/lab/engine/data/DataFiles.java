package org.pernodedrop.lab.engine.data;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.zip.ZipException;

/**
 * The checks every loader makes before it opens a file, and the wording of its errors.
 *
 * <p>Opening a named pipe for reading blocks until some other process writes to it, and a character device
 * ({@code /dev/zero}) never ends; so every file a loader opens must first be a regular file, whose reads always
 * end. The size is checked against what the format can hold, so a wrong file is refused before it is read.
 * (The check and the open are two system calls; a file swapped for a pipe between them is not defended against.)
 */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * Fails unless {@code file} is a regular file (links followed) of {@code minBytes..maxBytes} bytes; returns its
     * size. {@code what} names the expected content in the message ("IDX file", "image").
     */
    public static long requireRegular(Path file, long minBytes, long maxBytes, String what) throws DatasetException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file not found");
        } catch (AccessDeniedException e) {
            throw new DatasetException(file + ": permission denied");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + reason(e) + ")");
        }
        if (a.isDirectory()) {
            throw new DatasetException(file + ": is a folder, expected a " + what);
        }
        if (!a.isRegularFile()) {
            throw new DatasetException(file + ": not a regular file (a pipe, socket or device), expected a " + what
                    + "; refused because reading it could block forever");
        }
        long size = a.size();
        if (size < minBytes) {
            throw new DatasetException(file + ": " + size + " bytes at byte 0, too small for a " + what + " (at least "
                    + minBytes + ")");
        }
        if (size > maxBytes) {
            throw new DatasetException(file + ": " + size + " bytes, larger than a " + what + " can be (at most "
                    + maxBytes + "); refused at byte 0");
        }
        return size;
    }

    /**
     * What went wrong, as words for an error line: the exception's message with control characters escaped, or for
     * the exceptions that carry none (a bare {@link EOFException}) a description - never a class name.
     */
    public static String reason(Throwable e) {
        String m = e.getMessage();
        if (e instanceof EOFException) {
            return m == null || m.isBlank() || m.startsWith("Unexpected end of ZLIB") ? "the data ends too early"
                    : "the data ends too early: " + escape(m);
        }
        Throwable cause = e.getCause();
        if (cause != null && cause != e && m != null && m.equals(cause.toString())) {
            // new IOException(cause) takes the cause's class name and message as its own
            return reason(cause);
        }
        if (m == null || m.isBlank()) {
            Throwable c = e.getCause();
            if (c != null && c != e) return reason(c);
            if (e instanceof ZipException) return "corrupt compressed data";
            if (e instanceof OutOfMemoryError) return "too large to decode in memory";
            if (e instanceof ArrayIndexOutOfBoundsException || e instanceof NegativeArraySizeException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                return "inconsistent structure";
            }
            return "unreadable data";
        }
        if (e instanceof NoSuchFileException) return "file not found: " + escape(m);
        if (e instanceof AccessDeniedException) return "permission denied: " + escape(m);
        return escape(m);
    }

    /**
     * Control characters as visible escapes ({@code \0 \t \n \r}, else {@code \xNN}, or a four-digit Unicode escape above 0x7f), so a line
     * never carries raw bytes of the bad input to the terminal.
     */
    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (!control) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            switch (c) {
                case 0 -> b.append("\\0");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c < 0x80 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return b == null ? s : b.toString();
    }

    /** True when {@code s} holds a control character (a NUL, a tab, ...); such text is bad data in a field. */
    static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return true;
        }
        return false;
    }
}
