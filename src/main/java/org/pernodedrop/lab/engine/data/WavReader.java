package org.pernodedrop.lab.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * RIFF/WAVE reader for 16-bit PCM (format tag 1, or WAVE_FORMAT_EXTENSIBLE with a PCM sub-format), any
 * channel count (downmixed by averaging), read by hand so that every error names the byte offset.
 */
public final class WavReader {

    static final int MAX_BYTES = 64 << 20;

    private WavReader() {
    }

    /** Decoded audio: mono samples in [-1, 1) ({@code int16 / 32768}). */
    public record Audio(int sampleRate, int channels, float[] samples) {
    }

    public static Audio read(Path file) throws DatasetException {
        byte[] b;
        try {
            DataFiles.requireRegular(file, 0, MAX_BYTES, "WAV clip");
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file not found");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read (" + DataFiles.reason(e) + ")");
        }
        return parse(b, file.toString());
    }

    static Audio parse(byte[] b, String where) throws DatasetException {
        if (b.length < 12 || !tag(b, 0, "RIFF") || !tag(b, 8, "WAVE")) {
            throw new DatasetException(where + " at byte 0: not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int blockAlign = 0;
        while (pos + 8 <= b.length) {
            long size = u32(b, pos + 4);
            int body = pos + 8;
            if (tag(b, pos, "fmt ")) {
                if (size < 16 || body + 16 > b.length) {
                    throw new DatasetException(where + " at byte " + pos + ": fmt chunk too short (" + size + " bytes)");
                }
                format = u16(b, body);
                channels = u16(b, body + 2);
                rate = (int) Math.min(Integer.MAX_VALUE, u32(b, body + 4));
                blockAlign = u16(b, body + 12);
                bits = u16(b, body + 14);
                if (format == 0xFFFE) {
                    if (size < 40 || body + 26 > b.length) {
                        throw new DatasetException(where + " at byte " + pos + ": extensible fmt chunk too short");
                    }
                    format = u16(b, body + 24);
                }
                if (format != 1) {
                    throw new DatasetException(where + " at byte " + body + ": audio format " + format
                            + ", only PCM (1) is supported");
                }
                if (bits != 16) {
                    throw new DatasetException(where + " at byte " + (body + 14) + ": " + bits
                            + "-bit samples, only 16-bit PCM is supported (convert with: sox in.wav -b 16 out.wav)");
                }
                if (channels < 1 || channels > 16 || blockAlign != 2 * channels) {
                    throw new DatasetException(where + " at byte " + (body + 2) + ": " + channels
                            + " channel(s) with block align " + blockAlign + " do not fit 16-bit PCM");
                }
                if (rate < 1) {
                    throw new DatasetException(where + " at byte " + (body + 4) + ": sample rate " + rate);
                }
            } else if (tag(b, pos, "data")) {
                if (format < 0) {
                    throw new DatasetException(where + " at byte " + pos + ": data chunk before the fmt chunk");
                }
                if ((size == 0xFFFFFFFFL || size == 0) && body < b.length) {
                    // written by a streaming tool that could not seek back: the data runs to the end of the file
                    size = (b.length - body) / blockAlign * (long) blockAlign;
                }
                if (body + size > b.length) {
                    throw new DatasetException(where + ": truncated at byte " + b.length + ", the data chunk at byte "
                            + pos + " announces " + size + " bytes");
                }
                int frames = (int) (size / blockAlign);
                float[] mono = new float[frames];
                float scale = 1f / (32768f * channels);
                for (int i = 0; i < frames; i++) {
                    int sum = 0;
                    int o = body + i * blockAlign;
                    for (int c = 0; c < channels; c++) {
                        sum += (short) ((b[o + 2 * c] & 0xff) | (b[o + 2 * c + 1] << 8));
                    }
                    mono[i] = sum * scale;
                }
                return new Audio(rate, channels, mono);
            }
            if (size > b.length) {
                throw new DatasetException(where + " at byte " + pos + ": chunk size " + size
                        + " runs past the end of the file (" + b.length + " bytes)");
            }
            pos = (int) (body + size + (size & 1));
        }
        throw new DatasetException(where + ": no data chunk before the end at byte " + b.length);
    }

    private static boolean tag(byte[] b, int at, String t) {
        if (at + 4 > b.length) return false;
        for (int i = 0; i < 4; i++) {
            if (b[at + i] != t.charAt(i)) return false;
        }
        return true;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | ((b[at + 1] & 0xff) << 8);
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | ((b[at + 1] & 0xffL) << 8) | ((b[at + 2] & 0xffL) << 16) | ((b[at + 3] & 0xffL) << 24);
    }
}
