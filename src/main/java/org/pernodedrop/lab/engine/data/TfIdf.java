package org.pernodedrop.lab.engine.data;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bag-of-words TF-IDF in the LYRL2004 style, shared by the text loaders (text-folder, spam-assassin).
 *
 * <p>Tokens are runs of 2+ letters/digits, lower-cased. The vocabulary and the IDF are fitted on the training rows
 * only, so validation documents do not leak into the features: a term enters when it occurs in at least
 * {@code minDf} and fewer than all N training documents (a term in every document has idf ln(N/N) = 0 and carries
 * nothing); the {@code maxTerms} most frequent by document frequency are kept (ties by term, so the vocabulary is
 * deterministic) and the columns are the terms in sorted order. A document's weight for term t is
 * {@code (1 + ln tf) * ln(N / df_t)}, and each document is scaled to unit Euclidean length (an empty one stays
 * empty). Rows are sparse ({@link SparseExamples}) until a batch is built.
 */
final class TfIdf {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]{2,}");

    private final List<String> vocabulary;
    private final Map<String, Integer> column;
    private final double[] idf;

    private TfIdf(List<String> vocabulary, Map<String, Integer> column, double[] idf) {
        this.vocabulary = vocabulary;
        this.column = column;
        this.idf = idf;
    }

    /** How often each token occurs in {@code text}. */
    static Map<String, Integer> termCounts(String text) {
        Map<String, Integer> m = new HashMap<>();
        Matcher t = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (t.find()) m.merge(t.group(), 1, Integer::sum);
        return m;
    }

    /**
     * Fits the vocabulary and IDF on the documents {@code train} (indices into {@code counts}); {@code origin} names
     * the data in the error raised when no term qualifies.
     */
    static TfIdf fit(List<Map<String, Integer>> counts, int[] train, int minDf, int maxTerms, String origin)
            throws DatasetException {
        Map<String, Integer> df = new HashMap<>();
        for (int r : train) {
            for (String t : counts.get(r).keySet()) df.merge(t, 1, Integer::sum);
        }
        int n = train.length;
        List<String> vocab = df.entrySet().stream()
                .filter(e -> e.getValue() >= minDf && e.getValue() < n)
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
                        .thenComparing(Map.Entry::getKey))
                .limit(maxTerms).map(Map.Entry::getKey).sorted().toList();
        if (vocab.isEmpty()) {
            throw new DatasetException(origin + ": no term occurs in " + minDf + " or more (and not all) of the " + n
                    + " training documents; the texts are too short or too few");
        }
        Map<String, Integer> column = new HashMap<>();
        double[] idf = new double[vocab.size()];
        for (int k = 0; k < vocab.size(); k++) {
            column.put(vocab.get(k), k);
            idf[k] = Math.log((double) n / df.get(vocab.get(k)));
        }
        return new TfIdf(vocab, column, idf);
    }

    int size() {
        return idf.length;
    }

    /** The terms, in column order. */
    List<String> vocabulary() {
        return vocabulary;
    }

    double idf(int column) {
        return idf[column];
    }

    /** The documents {@code rows} as unit-length TF-IDF rows with one-hot targets of their labels {@code y}. */
    Split vectorise(int[] rows, List<Map<String, Integer>> counts, int[] y, int classes) {
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
}
