package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A folder with one sub-folder of text files per class, vectorised by {@link TfIdf} (LYRL2004 style, fitted on the
 * training split only): by default terms in at least 2 training documents, at most {@link #MAX_TERMS} by document
 * frequency (the spec's min df / max terms override both). Sparse rows, single-label.
 */
public final class TextFolderLoader {

    static final int MAX_TERMS = 20_000;
    static final long MAX_FILE_BYTES = 4 << 20;

    private TextFolderLoader() {
    }

    static Dataset load(Path root, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        ClassFolders listing = ClassFolders.list(root, p -> true, "text files");
        List<String> classes = listing.classes();
        List<Path> files = listing.files();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            counts.add(TfIdf.termCounts(read(files.get(i))));
            if (i % 256 == 0) {
                progress.update("reading texts", i, files.size());
                LoadProgress.check(progress, root.toString());
            }
        }
        int[] y = listing.labels();
        int[][] tv = Splits.trainVal(y, spec.trainRatio(), seed);
        int[] train = Splits.limit(tv[0], spec.trainLimit());
        int[] val = Splits.limit(tv[1], spec.valLimit());
        TfIdf tfidf = TfIdf.fit(counts, train, spec.minDfOrDefault(), spec.maxTermsOr(MAX_TERMS), root.toString());
        int c = classes.size();
        return new Dataset("text-folder", new int[]{tfidf.size()}, classes, false,
                tfidf.vectorise(train, counts, y, c), tfidf.vectorise(val, counts, y, c), root.toString());
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
