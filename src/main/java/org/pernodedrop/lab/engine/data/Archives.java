package org.pernodedrop.lab.engine.data;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Safe extraction of .zip and .tar.gz archives: every entry must resolve inside the target folder (no
 * {@code ..}, no absolute paths, no links), and the archive is extracted into a sibling staging folder
 * that is renamed into place only when everything succeeded, so a bad archive leaves nothing behind.
 */
public final class Archives {

    private Archives() {
    }

    public static void extract(Path archive, Path target, LoadProgress progress) throws DatasetException {
        String n = archive.getFileName().toString();
        Path staging = target.resolveSibling(target.getFileName() + ".extracting");
        DataFiles.requireRegular(archive, 1, Long.MAX_VALUE, "archive");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                 ArchiveInputStream<? extends ArchiveEntry> in = open(n, raw, archive)) {
                ArchiveEntry e;
                long count = 0;
                Path root = staging.toAbsolutePath().normalize();
                while ((e = in.getNextEntry()) != null) {
                    String name = e.getName();
                    Path out = root.resolve(name).normalize();
                    if (name.startsWith("/") || name.startsWith("\\") || name.contains(":") || !out.startsWith(root)
                            || out.equals(root) && !e.isDirectory()) {
                        throw new DatasetException(archive + ": entry '" + DataFiles.escape(name)
                                + "' would be written outside the target folder; refused");
                    }
                    if (e instanceof TarArchiveEntry t && (t.isSymbolicLink() || t.isLink())) {
                        throw new DatasetException(archive + ": entry '" + DataFiles.escape(name) + "' is a link; refused");
                    }
                    if (e instanceof ZipArchiveEntry z && z.isUnixSymlink()) {
                        throw new DatasetException(archive + ": entry '" + DataFiles.escape(name) + "' is a link; refused");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    progress.update("extracting " + n, ++count, -1);
                    LoadProgress.check(progress, archive.toString());
                }
            }
            if (Files.exists(target)) {
                // merge: move each top-level item, replacing older copies
                try (var items = Files.list(staging)) {
                    for (Path p : items.toList()) {
                        Path dst = target.resolve(p.getFileName().toString());
                        deleteTree(dst);
                        Files.move(p, dst);
                    }
                }
                deleteTree(staging);
            } else {
                Files.move(staging, target);
            }
        } catch (DatasetException e) {
            deleteTreeQuietly(staging);
            throw e;
        } catch (IOException | RuntimeException e) {
            deleteTreeQuietly(staging);
            throw new DatasetException(archive + ": corrupt or truncated archive (" + DataFiles.reason(e) + ")");
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> open(String n, InputStream raw, Path archive)
            throws IOException, DatasetException {
        if (n.endsWith(".zip")) return new ZipArchiveInputStream(raw);
        if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) return new TarArchiveInputStream(new GzipCompressorInputStream(raw));
        if (n.endsWith(".tar")) return new TarArchiveInputStream(raw);
        throw new DatasetException(archive + ": unknown archive type (expected .zip, .tar.gz or .tar)");
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTreeQuietly(Path p) {
        try {
            deleteTree(p);
        } catch (IOException ignored) {
            // best effort: the staging folder is recreated next time
        }
    }
}
