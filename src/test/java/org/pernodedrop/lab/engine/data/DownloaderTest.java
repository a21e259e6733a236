package org.pernodedrop.lab.engine.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads against a local HTTP server on 127.0.0.1 serving fixture files; never the internet. */
@Timeout(30)
class DownloaderTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private byte[] payload;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    /** When > 0, the next full response announces the whole length but stops after this many bytes. */
    private volatile int cutAfter;
    /** A server without range support answers every request with the whole file. */
    private volatile boolean ignoreRange;

    @BeforeEach
    void start() throws IOException {
        payload = new byte[300_000];
        new Random(1).nextBytes(payload);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file.bin", this::serve);
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/file.bin");
            ex.sendResponseHeaders(301, -1);
            ex.close();
        });
        // what a captive portal answers: 200 and a login page instead of the archive
        server.createContext("/portal", ex -> {
            byte[] page = "<!DOCTYPE html>\n<html><body>Please log in</body></html>\n".getBytes();
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(page);
            }
        });
        // the same page labelled as a binary file
        server.createContext("/mislabelled", ex -> {
            byte[] page = "\n  <html><head><title>Moved</title></head></html>".getBytes();
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(page);
            }
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int from = 0;
        if (range != null && range.startsWith("bytes=") && !ignoreRange) {
            from = Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (payload.length - 1) + "/" + payload.length);
            ex.sendResponseHeaders(206, payload.length - from);
        } else {
            ex.sendResponseHeaders(200, payload.length);
        }
        try (OutputStream o = ex.getResponseBody()) {
            int cut = cutAfter;
            if (cut > 0) {
                cutAfter = 0;
                o.write(payload, from, cut);
                o.flush();
                // drop the connection mid-body: the client sees fewer bytes than Content-Length
                ex.getHttpContext().getServer().stop(0);
                return;
            }
            o.write(payload, from, payload.length - from);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @Test
    void downloadsVerifiesAndReportsProgress() throws Exception {
        List<Long> seen = new ArrayList<>();
        Path f = Downloader.fetch(new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5(payload), payload.length),
                tmp, (phase, done, total) -> seen.add(done));
        assertThat(Files.readAllBytes(f)).isEqualTo(payload);
        assertThat(seen).isNotEmpty().isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(payload.length);
        assertThat(Files.exists(tmp.resolve("file.bin.part"))).isFalse();
        // a second call finds the verified file and does not download again
        int before = ranges.size();
        Downloader.fetch(new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5(payload), payload.length), tmp,
                LoadProgress.NONE);
        assertThat(ranges).hasSize(before);
    }

    @Test
    void followsRedirects() throws Exception {
        Path f = Downloader.fetch(new Downloader.RemoteFile(url("/moved"), "file.bin", md5(payload), payload.length),
                tmp, LoadProgress.NONE);
        assertThat(Files.readAllBytes(f)).isEqualTo(payload);
    }

    @Test
    void resumesAPartialFileWithARangeRequest() throws Exception {
        Files.write(tmp.resolve("file.bin.part"), java.util.Arrays.copyOf(payload, 123_456));
        Path f = Downloader.fetch(new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5(payload), -1), tmp,
                LoadProgress.NONE);
        assertThat(ranges).containsExactly("bytes=123456-");
        assertThat(Files.readAllBytes(f)).isEqualTo(payload);
    }

    @Test
    void aServerWithoutRangeSupportRestartsFromZero() throws Exception {
        ignoreRange = true;
        Files.write(tmp.resolve("file.bin.part"), java.util.Arrays.copyOf(payload, 5000));
        Path f = Downloader.fetch(new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5(payload), -1), tmp,
                LoadProgress.NONE);
        assertThat(ranges).containsExactly("bytes=5000-");
        assertThat(Files.readAllBytes(f)).isEqualTo(payload);
    }

    @Test
    void aTruncatedTransferKeepsThePartAndTheNextCallResumes() throws Exception {
        cutAfter = 100_000;
        Downloader.RemoteFile rf = new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5(payload), payload.length);
        assertThatThrownBy(() -> Downloader.fetch(rf, tmp, LoadProgress.NONE)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("resumes");
        long kept = Files.size(tmp.resolve("file.bin.part"));
        assertThat(kept).isGreaterThan(0).isLessThan(payload.length);
        int port = server.getAddress().getPort();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/file.bin", this::serve);
        server.start();
        Path f = Downloader.fetch(rf, tmp, LoadProgress.NONE);
        assertThat(ranges.get(ranges.size() - 1)).isEqualTo("bytes=" + kept + "-");
        assertThat(Files.readAllBytes(f)).isEqualTo(payload);
    }

    @Test
    void aWrongChecksumIsRefusedAndTheFileDeleted() {
        Downloader.RemoteFile rf = new Downloader.RemoteFile(url("/file.bin"), "file.bin",
                "00000000000000000000000000000000", -1);
        assertThatThrownBy(() -> Downloader.fetch(rf, tmp, LoadProgress.NONE)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("MD5").hasMessageContaining("expected the published 0000");
        assertThat(Files.exists(tmp.resolve("file.bin"))).isFalse();
        assertThat(Files.exists(tmp.resolve("file.bin.part"))).isFalse();
    }

    @Test
    void offlineAndHttpErrorsSayWhatToDo() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Downloader.RemoteFile off = new Downloader.RemoteFile("http://127.0.0.1:" + closed + "/x.gz", "x.gz", null, -1);
        assertThatThrownBy(() -> Downloader.fetch(off, tmp, LoadProgress.NONE)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("cannot reach 127.0.0.1").hasMessageContaining("offline")
                .hasMessageContaining("local copy");
        Downloader.RemoteFile missing = new Downloader.RemoteFile(url("/missing"), "m.bin", null, -1);
        assertThatThrownBy(() -> Downloader.fetch(missing, tmp, LoadProgress.NONE)).hasMessageContaining("HTTP 404");
    }

    @Test
    void cancellationStopsAndKeepsThePart() {
        Downloader.RemoteFile rf = new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5Unchecked(), -1);
        LoadProgress cancelAfterFirstChunk = new LoadProgress() {
            long seen;

            @Override
            public void update(String phase, long done, long total) {
                seen = done;
            }

            @Override
            public boolean cancelled() {
                return seen > 0;
            }
        };
        assertThatThrownBy(() -> Downloader.fetch(rf, tmp, cancelAfterFirstChunk)).hasMessageContaining("cancelled");
        assertThat(Files.exists(tmp.resolve("file.bin.part"))).isTrue();
    }

    private String md5Unchecked() {
        try {
            return md5(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip(String... nameAndContent) throws IOException {
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                z.putNextEntry(new ZipEntry(nameAndContent[i]));
                z.write(nameAndContent[i + 1].getBytes());
                z.closeEntry();
            }
        }
        return bo.toByteArray();
    }

    @Test
    void extractionRefusesEntriesEscapingTheTarget() throws IOException {
        Path evil = tmp.resolve("evil.zip");
        Files.write(evil, zip("ok/a.txt", "fine", "../../escaped.txt", "gotcha"));
        Path target = tmp.resolve("out").resolve("set");
        assertThatThrownBy(() -> Archives.extract(evil, target, LoadProgress.NONE)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("../../escaped.txt").hasMessageContaining("outside");
        assertThat(Files.exists(tmp.resolve("escaped.txt"))).isFalse();
        assertThat(Files.exists(tmp.resolve("out").resolve("escaped.txt"))).isFalse();
        assertThat(Files.exists(target)).isFalse();   // nothing half-extracted
        Path abs = tmp.resolve("abs.zip");
        Files.write(abs, zip("/etc/owned", "x"));
        assertThatThrownBy(() -> Archives.extract(abs, target, LoadProgress.NONE)).hasMessageContaining("refused");
    }

    @Test
    void aDownloadedSpeechZipIsExtractedAndLoads() throws Exception {
        Path src = tmp.resolve("src");
        Fixtures.writeSpeechSet(src.resolve("mini_speech_commands"), new String[]{"up", "down"}, 4);
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bo); var files = Files.walk(src)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new ZipEntry(src.relativize(p).toString()));
                z.write(Files.readAllBytes(p));
                z.closeEntry();
            }
        }
        payload = bo.toByteArray();
        System.setProperty(DataLocations.DATA_PROPERTY, tmp.resolve("user").toString());
        try {
            Path folder = Datasets.download("speech-commands", tmp.resolve("user").resolve("speech-commands"),
                    List.of(new Downloader.RemoteFile(url("/file.bin"), "mini_speech_commands.zip", md5(payload),
                            payload.length)), LoadProgress.NONE);
            assertThat(folder.resolve("mini_speech_commands").resolve("up")).isDirectory();
            assertThat(Datasets.source("speech-commands", null).location())
                    .isEqualTo(folder.resolve("mini_speech_commands").toString());
            Dataset d = Datasets.load(DataSpec.named("speech-commands").withSpectrogram(8, 4), 1);
            assertThat(d.classNames()).containsExactly("down", "up");
        } finally {
            System.clearProperty(DataLocations.DATA_PROPERTY);
        }
    }

    @Test
    void anHtmlPageInsteadOfTheArchiveIsRefusedAndNothingKept() throws Exception {
        for (String path : new String[]{"/portal", "/mislabelled"}) {
            // no MD5 and no size published (as for RCV1): only the content can tell
            Downloader.RemoteFile rf = new Downloader.RemoteFile(url(path), "cifar-10-binary.tar.gz", null, -1);
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Downloader.fetch(rf, tmp,
                    LoadProgress.NONE));
            assertThat(t).as(path).isInstanceOf(DatasetException.class);
            assertThat(t.getMessage()).contains(url(path)).contains("HTML page").contains("cifar-10-binary.tar.gz")
                    .doesNotContain("Exception");
            assertThat(tmp.resolve("cifar-10-binary.tar.gz")).doesNotExist();
            assertThat(tmp.resolve("cifar-10-binary.tar.gz.part")).doesNotExist();
        }
        // through the user-facing download of a zipped set: the same refusal, and no folder appears
        Path folder = tmp.resolve("user").resolve("speech-commands");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Datasets.download("speech-commands", folder,
                List.of(new Downloader.RemoteFile(url("/portal"), "mini_speech_commands.zip", null, 182_082_353L)),
                LoadProgress.NONE));
        assertThat(t).isInstanceOf(DatasetException.class).hasMessageContaining("HTML page");
        assertThat(folder.resolve("mini_speech_commands")).doesNotExist();
    }

    @Test
    void aCutTransferSaysHowFarItGotInWords() throws Exception {
        cutAfter = 70_000;
        Downloader.RemoteFile rf = new Downloader.RemoteFile(url("/file.bin"), "file.bin", md5(payload), -1);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Downloader.fetch(rf, tmp,
                LoadProgress.NONE));
        assertThat(t).isInstanceOf(DatasetException.class);
        // the server announced 300,000 bytes and sent 70,000: the line says so, without "(null)" or class names
        assertThat(t.getMessage()).contains(url("/file.bin")).contains("70000").doesNotContain("(null)")
                .doesNotContain("Exception").contains("resumes");
        assertThat(Files.size(tmp.resolve("file.bin.part"))).isEqualTo(70_000);
        assertThat(tmp.resolve("file.bin")).doesNotExist();
    }
}
