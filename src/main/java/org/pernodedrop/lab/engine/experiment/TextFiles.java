package org.pernodedrop.lab.engine.experiment;

import org.pernodedrop.lab.engine.data.DataFiles;
import org.pernodedrop.lab.engine.data.DatasetException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the lab's own text files (sessions, runs.csv, config.json, status.json) with the loaders' checks: a
 * regular file (a pipe would block the read forever) of bounded size, strict UTF-8, a leading byte-order mark
 * dropped; every failure an {@link IOException} whose message starts with the file.
 */
final class TextFiles {

    private TextFiles() {
    }

    static String readUtf8(Path file, long maxBytes, String what) throws IOException {
        try {
            DataFiles.requireRegular(file, 0, maxBytes, what);
        } catch (DatasetException e) {
            throw new IOException(e.getMessage(), e);
        }
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + DataFiles.reason(e) + ")", e);
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text (damaged or not a " + what + ")", e);
        }
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static final java.util.regex.Pattern TYPE =
            java.util.regex.Pattern.compile("`(?:[a-z_][\\w]*\\.)*([A-Za-z_][\\w$]*)(?:<[^`]*>)?`");

    /**
     * A JSON reader's message in words: Jackson names Java types ({@code `java.lang.String`}); those become what
     * they mean in the file ("text", "whole number"), control characters are escaped.
     */
    static String jsonMessage(String m) {
        if (m == null || m.isBlank()) return "unreadable JSON";
        java.util.regex.Matcher t = TYPE.matcher(m);
        StringBuilder b = new StringBuilder();
        while (t.find()) {
            String simple = t.group(1);
            int dollar = simple.lastIndexOf('$');
            if (dollar >= 0) simple = simple.substring(dollar + 1);
            String word = switch (simple) {
                case "String", "char", "Character" -> "text";
                case "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte", "BigInteger" -> "whole number";
                case "double", "Double", "float", "Float", "BigDecimal", "Number" -> "number";
                case "boolean", "Boolean" -> "true or false";
                case "List", "ArrayList", "Collection", "Set", "HashSet", "LinkedHashSet" -> "list";
                case "Map", "HashMap", "LinkedHashMap", "Object" -> "object";
                default -> simple;
            };
            t.appendReplacement(b, java.util.regex.Matcher.quoteReplacement("'" + word + "'"));
        }
        t.appendTail(b);
        // a record's constructor that dereferenced a missing value: say which value, not the JVM's sentence
        String s = b.toString().replaceAll("Cannot invoke \"[^\"]*\" because (?:the return value of )?\"([^\"]*)\" is null",
                "'$1' is missing or null");
        s = s.replaceAll("Cannot construct instance of '([^']*)', problem: ", "bad $1: ");
        // a constructor failing without a message leaves only its exception's name
        s = s.replace("'NullPointerException'", "a required value is missing or null")
                .replaceAll("'\\w+(?:Exception|Error)'", "an invalid value");
        return escape(s);
    }

    static String escape(String s) {
        return DataFiles.escape(s);
    }

    static String reason(Throwable e) {
        return DataFiles.reason(e);
    }
}
