package org.pernodedrop.lab.engine.data;

import org.pernodedrop.lab.engine.config.DataSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A folder with one sub-folder of WAV clips per class (the Mini Speech Commands layout). Each clip is
 * read as 16-bit PCM (channels averaged, other rates resampled to 16 kHz), zero-padded or cut to 1 s, turned into a standardised
 * log-mel spectrogram {@code [1, mels, frames]} ({@link LogMel}, n_fft 2048), and split 70/30: stratified at
 * random, or (spec {@code split_by: speaker}, the default of the synthetic {@code speech-synth} set) with whole
 * speakers held out ({@link #speaker}).
 * Features are cached in the user data folder, keyed by the settings and every file's path, size and
 * modification time, so a second load reads one file.
 */
public final class SpeechCommandsLoader {

    public static final int SAMPLE_RATE = 16_000;
    public static final int CLIP_SAMPLES = SAMPLE_RATE;
    public static final int N_FFT = 2048;
    static final String CACHE_MAGIC = "PNDLMEL1";

    private SpeechCommandsLoader() {
    }

    /** The folder with class sub-folders: {@code dir} itself or its {@code mini_speech_commands}. */
    static Path resolveRoot(Path dir) {
        Path inner = dir.resolve("mini_speech_commands");
        return Files.isDirectory(inner) ? inner : dir;
    }

    static Path locate(Path dataDir) {
        return locate(dataDir, "speech-commands", true);
    }

    /** {@code dataDir}, else the user data folder's {@code source}, else (when {@code samples}) the bundled sample. */
    static Path locate(Path dataDir, String source, boolean samples) {
        List<Path> c = new ArrayList<>();
        if (dataDir != null) c.add(dataDir);
        c.add(DataLocations.userDataDir().resolve(source));
        Path bundled = samples ? DataLocations.samplesDir() : null;
        if (bundled != null) c.add(bundled.resolve(source));
        for (Path p : c) {
            if (Files.isDirectory(p) && countClasses(resolveRoot(p)) >= 2) return resolveRoot(p);
        }
        return null;
    }

    private static int countClasses(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return (int) s.filter(ClassFolders::isClassDir).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The class folders (sorted), each with its sorted WAV files. */
    static ClassFolders list(Path root) throws DatasetException {
        return ClassFolders.list(root, p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"),
                ".wav files");
    }

    static Dataset load(Path dir, DataSpec spec, long seed, LoadProgress progress) throws DatasetException {
        return load("speech-commands", dir, spec, seed, progress, DataSpec.SPLIT_RANDOM);
    }

    /**
     * The speaker of a clip: its file name up to the first '_' (Mini Speech Commands names clips
     * {@code <speaker>_nohash_<n>.wav}; the synthetic sets {@code <voice>_<rendition>.wav}), the whole name without
     * {@code .wav} when it has none.
     */
    static String speaker(Path file) {
        String n = file.getFileName().toString();
        int u = n.indexOf('_');
        if (u > 0) return n.substring(0, u);
        return n.toLowerCase(Locale.ROOT).endsWith(".wav") ? n.substring(0, n.length() - 4) : n;
    }

    /**
     * Loads under the source name {@code name}; the split is the spec's {@code split_by}, else {@code defaultSplit}:
     * "random" (stratified by class) or "speaker" (whole speakers on one side, {@link Splits#groupTrainVal}).
     */
    static Dataset load(String name, Path dir, DataSpec spec, long seed, LoadProgress progress, String defaultSplit)
            throws DatasetException {
        Path root = resolveRoot(dir);
        ClassFolders listing = list(root);
        int mels = spec.melsOrDefault();
        int frames = spec.framesOrDefault();
        Path cache = DataLocations.cacheDir().resolve("speech-" + cacheKey(listing, mels, frames) + ".bin");
        float[] features = readCache(cache, listing.files().size(), mels * frames);
        if (features == null) {
            features = compute(listing, mels, frames, progress);
            writeCache(cache, features, mels * frames);
        }
        DenseExamples x = new DenseExamples(features, mels * frames);
        float[] targets = Splits.oneHot(listing.labels(), listing.classes().size());
        int[] shape = {1, mels, frames};
        if (spec.splitByOr(defaultSplit).equals(DataSpec.SPLIT_SPEAKER)) {
            java.util.Map<String, Integer> ids = new java.util.HashMap<>();
            int[] groups = new int[listing.files().size()];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = ids.computeIfAbsent(speaker(listing.files().get(i)), k -> ids.size());
            }
            return Splits.splitPoolByGroup(name, shape, listing.classes(), x, targets, groups, spec, seed,
                    root.toString());
        }
        return Splits.splitPool(name, shape, listing.classes(), false, x, targets, spec, seed, root.toString());
    }

    /**
     * One clip as mono 16 kHz samples, zero-padded or cut to exactly 1 s. Other rates from 4 to 192 kHz are
     * resampled ({@link Resampler}); anything else is refused.
     */
    public static float[] clip(Path file) throws DatasetException {
        WavReader.Audio a = WavReader.read(file);
        float[] s = a.samples();
        if (a.sampleRate() != SAMPLE_RATE) {
            if (a.sampleRate() < 4_000 || a.sampleRate() > 192_000) {
                throw new DatasetException(file + " at byte 24: sample rate " + a.sampleRate() + " Hz, expected "
                        + SAMPLE_RATE + " Hz (4-192 kHz are resampled; convert with: sox in.wav -r 16000 out.wav)");
            }
            s = Resampler.resample(s, a.sampleRate(), SAMPLE_RATE, CLIP_SAMPLES);
        }
        float[] out = new float[CLIP_SAMPLES];
        System.arraycopy(s, 0, out, 0, Math.min(CLIP_SAMPLES, s.length));
        return out;
    }

    static float[] compute(ClassFolders listing, int mels, int frames, LoadProgress progress) throws DatasetException {
        int n = listing.files().size();
        int f = mels * frames;
        float[] out = new float[n * f];
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / 8 + 1));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "log-mel");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<Void>> jobs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                jobs.add(pool.submit(() -> {
                    LogMel mel = new LogMel(SAMPLE_RATE, CLIP_SAMPLES, N_FFT, mels, frames);
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        if (progress.cancelled()) throw new DatasetException(listing.root() + ": cancelled");
                        float[] feat = mel.features(clip(listing.files().get(i)));
                        System.arraycopy(feat, 0, out, i * f, f);
                        int d = done.incrementAndGet();
                        if (d % 16 == 0 || d == n) progress.update("log-mel features", d, n);
                    }
                    return null;
                }));
            }
            for (Future<Void> j : jobs) {
                try {
                    j.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    next.set(n);
                    if (e.getCause() instanceof DatasetException de) throw de;
                    throw new DatasetException(listing.root() + ": feature extraction failed (" + e.getCause() + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DatasetException(listing.root() + ": interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    static String cacheKey(ClassFolders listing, int mels, int frames) throws DatasetException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((CACHE_MAGIC + " sr=" + SAMPLE_RATE + " n_fft=" + N_FFT + " mels=" + mels + " frames=" + frames
                    + " classes=" + listing.classes()).getBytes(StandardCharsets.UTF_8));
            for (Path p : listing.files()) {
                md.update((p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis()
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new DatasetException(listing.root() + ": cannot stat a clip (" + DataFiles.reason(e) + ")");
        }
    }

    /** The cached features, or null when absent or unusable (a bad cache is rebuilt, never an error). */
    static float[] readCache(Path cache, int count, int perClip) {
        if (!Files.isRegularFile(cache)) return null;
        try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.READ)) {
            long expected = 16 + 4L * count * perClip;
            if (ch.size() != expected || expected > Integer.MAX_VALUE) return null;
            ByteBuffer head = ByteBuffer.allocate(16);
            while (head.hasRemaining() && ch.read(head) >= 0) { }
            head.flip();
            byte[] magic = new byte[8];
            head.get(magic);
            if (!new String(magic, StandardCharsets.US_ASCII).equals(CACHE_MAGIC)
                    || head.getInt() != count || head.getInt() != perClip) return null;
            // mapped, so the floats are copied once from the page cache into the array
            ByteBuffer body = ch.map(FileChannel.MapMode.READ_ONLY, 16, expected - 16).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[count * perClip];
            body.asFloatBuffer().get(out);
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Written to a temporary file and moved into place, so a crash never leaves a half cache. */
    static void writeCache(Path cache, float[] features, int perClip) {
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = Files.createTempFile(cache.getParent(), "speech-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer head = ByteBuffer.allocate(16);
                head.put(CACHE_MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(features.length / perClip)
                        .putInt(perClip);
                head.flip();
                ByteBuffer body = ByteBuffer.allocateDirect(features.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                body.asFloatBuffer().put(features);
                while (head.hasRemaining()) ch.write(head);
                while (body.hasRemaining()) ch.write(body);
            }
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // no cache is only slower; the data itself loaded fine
        }
    }
}
