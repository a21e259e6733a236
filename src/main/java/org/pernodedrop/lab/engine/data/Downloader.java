package org.pernodedrop.lab.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Downloads one file into a folder: resumes a previous partial download ({@code name.part}) with an HTTP
 * Range request, reports progress, can be cancelled between 64 KB chunks (the partial file is kept for a
 * later resume), checks the size and the published MD5 and only then moves the file into place.
 * Blocking; call it from a background thread.
 */
public final class Downloader {

    static final int CONNECT_TIMEOUT_MS = 15_000;
    static final int READ_TIMEOUT_MS = 60_000;

    /**
     * A published file. {@code md5} null when the source publishes none; {@code size} -1 when unknown;
     * {@code gzipCheck} verifies a .gz by reading it through (CRC-32 and length trailer) when there is no MD5.
     */
    public record RemoteFile(String url, String fileName, String md5, long size, boolean gzipCheck) {
        public RemoteFile(String url, String fileName, String md5, long size) {
            this(url, fileName, md5, size, false);
        }
    }

    private Downloader() {
    }

    /** The file in {@code dir}, downloaded (or resumed) if it is not there and verified yet. */
    public static Path fetch(RemoteFile f, Path dir, LoadProgress progress) throws DatasetException {
        Path target = dir.resolve(f.fileName());
        Path part = dir.resolve(f.fileName() + ".part");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot create the download folder (" + DataFiles.reason(e) + ")");
        }
        if (Files.isRegularFile(target)) {
            if (verify(target, f, progress) == null) return target;
            deleteQuietly(target);
        }
        long have = sizeOf(part);
        if (f.size() > 0 && have > f.size()) {
            deleteQuietly(part);
            have = 0;
        }
        if (f.size() <= 0 || have < f.size()) {
            have = transfer(f, part, have, progress);
        }
        String bad = verify(part, f, progress);
        if (bad != null) {
            deleteQuietly(part);
            throw new DatasetException(part + ": " + bad + " (the file was deleted; download it again)");
        }
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DatasetException(target + ": cannot move the finished download into place (" + DataFiles.reason(e) + ")");
        }
        return target;
    }

    private static long transfer(RemoteFile f, Path part, long have, LoadProgress progress) throws DatasetException {
        URI uri = URI.create(f.url());
        HttpURLConnection c;
        int code;
        try {
            // HttpURLConnection does not follow a redirect that changes protocol (http -> https): follow by hand
            for (int hops = 0; ; hops++) {
                c = (HttpURLConnection) uri.toURL().openConnection();
                c.setInstanceFollowRedirects(false);
                c.setConnectTimeout(CONNECT_TIMEOUT_MS);
                c.setReadTimeout(READ_TIMEOUT_MS);
                c.setRequestProperty("User-Agent", "PerNodeDrop-Lab");
                // identity: a Range request must count bytes of the file itself
                c.setRequestProperty("Accept-Encoding", "identity");
                if (have > 0) c.setRequestProperty("Range", "bytes=" + have + "-");
                code = c.getResponseCode();
                String location = c.getHeaderField("Location");
                if (code / 100 != 3 || code == 304 || location == null || hops >= 5) break;
                c.disconnect();
                uri = uri.resolve(location);
            }
        } catch (UnknownHostException | ConnectException | NoRouteToHostException | SocketTimeoutException e) {
            throw offline(f, uri, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new DatasetException(f.url() + ": cannot connect (" + DataFiles.reason(e) + ")" + localCopyHint(f));
        }
        try {
            boolean append;
            if (code == 206 && have > 0) {
                String range = c.getHeaderField("Content-Range");
                append = range != null && range.startsWith("bytes " + have + "-");
            } else if (code == 416 && have > 0) {
                return have; // the partial file is already complete; verification decides
            } else if (code == 200) {
                append = false;
            } else {
                throw new DatasetException(f.url() + ": the server answered HTTP " + code + localCopyHint(f));
            }
            if (!append) have = 0;
            String type = c.getContentType();
            if (!append && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("text/html")
                    && !f.fileName().endsWith(".html")) {
                throw htmlInstead(f, "Content-Type " + type);
            }
            long length = c.getContentLengthLong();
            long total = length >= 0 ? have + length : f.size();
            long got = have;
            try (InputStream in = c.getInputStream();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while (true) {
                    if (progress.cancelled()) {
                        throw new DatasetException(f.url() + ": download cancelled at byte " + got
                                + " (the partial file " + part + " is kept; the next download resumes there)");
                    }
                    try {
                        r = in.read(buf);
                    } catch (IOException e) {
                        throw new DatasetException(f.url() + ": connection lost at byte " + got + " (" + DataFiles.reason(e)
                                + "); the partial file " + part + " is kept and the next download resumes there");
                    }
                    if (r < 0) break;
                    if (got == 0 && looksLikeHtml(buf, r) && !f.fileName().endsWith(".html")) {
                        // a captive portal or an error page served as 200 with a binary content type
                        deleteQuietly(part);
                        throw htmlInstead(f, "the body starts with an HTML tag");
                    }
                    out.write(buf, 0, r);
                    got += r;
                    progress.update("downloading " + f.fileName(), got, total);
                }
            } catch (IOException e) {
                throw new DatasetException(f.url() + ": download failed at byte " + got + " (" + DataFiles.reason(e)
                        + ")" + localCopyHint(f));
            }
            if (total > 0 && got < total) {
                throw new DatasetException(f.url() + ": truncated download, got " + got + " of " + total
                        + " bytes; the partial file " + part + " is kept and the next download resumes there");
            }
            return got;
        } finally {
            c.disconnect();
        }
    }

    /** True when the first bytes of a body are an HTML document (after optional whitespace and a BOM). */
    static boolean looksLikeHtml(byte[] b, int n) {
        int i = 0;
        if (n >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) i = 3;
        while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) i++;
        String head = new String(b, i, Math.min(n - i, 15), java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(java.util.Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html") || head.startsWith("<head")
                || head.startsWith("<body");
    }

    private static DatasetException htmlInstead(RemoteFile f, String evidence) {
        return new DatasetException(f.url() + ": the server answered with an HTML page (" + evidence + "), not "
                + f.fileName() + " - a login page of the network, or the file has moved; nothing was kept"
                + localCopyHint(f));
    }

    /** Null when the file is right, else what is wrong with it. */
    static String verify(Path file, RemoteFile f, LoadProgress progress) throws DatasetException {
        long size = sizeOf(file);
        if (f.size() > 0 && size != f.size()) {
            return "size " + size + " bytes, expected " + f.size();
        }
        if (f.md5() != null) {
            String md5 = md5(file, progress);
            if (!md5.equalsIgnoreCase(f.md5())) {
                return "MD5 " + md5 + ", expected the published " + f.md5();
            }
        } else if (f.gzipCheck()) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                byte[] buf = new byte[1 << 16];
                while (in.read(buf) >= 0) {
                    LoadProgress.check(progress, file.toString());
                }
            } catch (IOException e) {
                return "corrupt gzip data (" + DataFiles.reason(e) + ")";
            }
        }
        return null;
    }

    public static String md5(Path file, LoadProgress progress) throws DatasetException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            long done = 0;
            long total = Files.size(file);
            int r;
            while ((r = in.read(buf)) >= 0) {
                md.update(buf, 0, r);
                done += r;
                if ((done & ((1 << 24) - 1)) < r) progress.update("verifying " + file.getFileName(), done, total);
                LoadProgress.check(progress, file.toString());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read for the checksum (" + DataFiles.reason(e) + ")");
        }
    }

    private static DatasetException offline(RemoteFile f, URI uri, IOException e) {
        String why = e instanceof UnknownHostException ? "unknown host " + DataFiles.reason(e)
                : e instanceof SocketTimeoutException ? "no answer in time" : DataFiles.reason(e);
        return new DatasetException("cannot reach " + uri.getHost() + " (offline? " + why + ")" + localCopyHint(f));
    }

    private static String localCopyHint(RemoteFile f) {
        return ". Download " + f.url() + " another way and open the local copy (CLI: --data-dir FOLDER)";
    }

    private static long sizeOf(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale file is overwritten next time
        }
    }
}
