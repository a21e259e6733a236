package org.pernodedrop.lab.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The "one sub-folder per class" layout shared by speech, image and text folders: class names are the sorted
 * sub-folder names (hidden and {@code _}-prefixed ones skipped, empty ones dropped), files sorted within each.
 */
record ClassFolders(Path root, List<String> classes, List<Path> files, int[] labels) {

    /**
     * Lists {@code root}; {@code accept} picks the files of a class folder, {@code what} names them in errors
     * ("images", ".wav files").
     */
    static ClassFolders list(Path root, Predicate<Path> accept, String what) throws DatasetException {
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(ClassFolders::isClassDir).sorted().toList()) {
                List<Path> members;
                try (Stream<Path> w = Files.list(d)) {
                    members = w.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))
                            .filter(accept).sorted().toList();
                }
                if (members.isEmpty()) continue;
                for (Path f : members) {
                    files.add(f);
                    labels.add(classes.size());
                }
                classes.add(d.getFileName().toString());
            }
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot list the folder (" + DataFiles.reason(e) + ")");
        }
        if (classes.size() < 2) {
            throw new DatasetException(root + ": expected at least two sub-folders of " + what
                    + " (one per class), found " + classes.size());
        }
        return new ClassFolders(root, List.copyOf(classes), List.copyOf(files),
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    static boolean isClassDir(Path p) {
        String n = p.getFileName().toString();
        return Files.isDirectory(p) && !n.startsWith("_") && !n.startsWith(".");
    }
}
