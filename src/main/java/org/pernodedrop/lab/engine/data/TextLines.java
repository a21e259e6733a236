package org.pernodedrop.lab.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** UTF-8 lines of a text file (gunzipped for {@code .gz}), numbered from 1, with errors naming file and line. */
final class TextLines implements AutoCloseable {

    private final Path file;
    private final BufferedReader reader;
    private int line;

    private TextLines(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    /** Text files are read line by line, so only the kind of file is checked, not its size. */
    static TextLines open(Path file) throws DatasetException {
        DataFiles.requireRegular(file, 0, Long.MAX_VALUE, "text file");
        try {
            InputStream in = Files.newInputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                try {
                    in = new GZIPInputStream(in, 1 << 16);
                } catch (IOException e) {
                    in.close();
                    throw new DatasetException(file + " at byte 0: not a gzip file (" + DataFiles.reason(e) + ")");
                }
            }
            // malformed UTF-8 becomes U+FFFD and then fails number parsing with its line, never a decoder error
            var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new TextLines(file, new BufferedReader(new InputStreamReader(in, dec), 1 << 16));
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file not found");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + DataFiles.reason(e) + ")");
        }
    }

    /** The next line, or null at the end. */
    String next() throws DatasetException {
        try {
            String s = reader.readLine();
            if (s != null) line++;
            // a UTF-8 byte-order mark (Windows editors write one) is not part of the first field
            if (line == 1 && s != null && s.startsWith("\uFEFF")) s = s.substring(1);
            return s;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(file + " line " + (line + 1) + ": corrupt or truncated data ("
                    + DataFiles.reason(e) + ")");
        }
    }

    int line() {
        return line;
    }

    Path file() {
        return file;
    }

    /** "file line N: message" */
    DatasetException error(String message) {
        return new DatasetException(file + " line " + line + ": " + message);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
