package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder of text files per class, vectorised by TF-IDF in the LYRL2004 style:
 * tokens are runs of 2+ letters/digits, lower-cased; the vocabulary (terms in at least 2 training documents,
 * at most {@link #MAX_TERMS} by document frequency) and the IDF are fitted on the training split only, so
 * validation documents do not leak into the features; weight {@code (1 + ln tf) * ln(N / df)}, each
 * document scaled to unit length. Sparse rows, single-label.
 */
public final class TextFolderLoader {

    static final int MAX_TERMS = 20_000;
    static final long MAX_FILE_BYTES = 4 << 20;
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]{2,}");

    private TextFolderLoader() {
    }

    static Dataset load(Path root, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        ClassFolders listing = ClassFolders.list(root, p -> true, "text files");
        List<String> classes = listing.classes();
        List<Path> files = listing.files();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            counts.add(termCounts(read(files.get(i))));
            if (i % 256 == 0) {
                progress.update("reading texts", i, files.size());
                LoadProgress.check(progress, root.toString());
            }
        }
        int[] y = listing.labels();
        int[][] tv = Splits.trainVal(y, spec.trainRatio(), seed);
        int[] train = Splits.limit(tv[0], spec.trainLimit());
        int[] val = Splits.limit(tv[1], spec.valLimit());
        Map<String, Integer> df = new HashMap<>();
        for (int r : train) {
            for (String t : counts.get(r).keySet()) df.merge(t, 1, Integer::sum);
        }
        int n = train.length;
        List<String> vocab = df.entrySet().stream()
                .filter(e -> e.getValue() >= 2 && e.getValue() < n)
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(MAX_TERMS).map(Map.Entry::getKey).sorted().toList();
        if (vocab.isEmpty()) {
            throw new DatasetException(root + ": no term occurs in two or more training documents (of " + n
                    + "); the texts are too short or too few");
        }
        Map<String, Integer> column = new HashMap<>();
        double[] idf = new double[vocab.size()];
        for (int k = 0; k < vocab.size(); k++) {
            column.put(vocab.get(k), k);
            idf[k] = Math.log((double) n / df.get(vocab.get(k)));
        }
        int c = classes.size();
        return new Dataset("text-folder", new int[]{vocab.size()}, classes, false,
                vectorise(train, counts, y, c, column, idf), vectorise(val, counts, y, c, column, idf), root.toString());
    }

    private static Split vectorise(int[] rows, List<Map<String, Integer>> counts, int[] y, int classes,
                                   Map<String, Integer> column, double[] idf) {
        int[] start = new int[rows.length + 1];
        SvmLightLoader.IntList cols = new SvmLightLoader.IntList();
        SvmLightLoader.FloatList vals = new SvmLightLoader.FloatList();
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            TreeMap<Integer, Double> w = new TreeMap<>();
            for (Map.Entry<String, Integer> e : counts.get(rows[i]).entrySet()) {
                Integer k = column.get(e.getKey());
                if (k != null) w.put(k, (1 + Math.log(e.getValue())) * idf[k]);
            }
            double norm = Math.sqrt(w.values().stream().mapToDouble(v -> v * v).sum());
            for (Map.Entry<Integer, Double> e : w.entrySet()) {
                cols.add(e.getKey());
                vals.add((float) (e.getValue() / norm));
            }
            start[i + 1] = cols.size;
            labels[i] = y[rows[i]];
        }
        return new Split(new SparseExamples(start, cols.toArray(), vals.toArray(), idf.length),
                Splits.oneHot(labels, classes), classes);
    }

    static Map<String, Integer> termCounts(String text) {
        Map<String, Integer> m = new HashMap<>();
        Matcher t = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (t.find()) m.merge(t.group(), 1, Integer::sum);
        return m;
    }

    private static String read(Path f) throws DatasetException {
        try {
            long size = Files.size(f);
            if (size > MAX_FILE_BYTES) {
                throw new DatasetException(f + " at byte " + MAX_FILE_BYTES + ": larger than the " + MAX_FILE_BYTES
                        + "-byte limit for one document");
            }
            DataFiles.requireRegular(f, 0, MAX_FILE_BYTES, "text document");
            // invalid UTF-8 is replaced, never an error: a stray byte should not lose a document
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(f))).toString();
        } catch (IOException e) {
            throw new DatasetException(f + " at byte 0: cannot read (" + DataFiles.reason(e) + ")");
        }
    }
}
