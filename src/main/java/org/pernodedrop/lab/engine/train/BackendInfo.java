package org.pernodedrop.lab.engine.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A one-line description of the ND4J backend in use, for status bars and run provenance: "CPU" with the
 * instruction set the native binary was built for (and what this CPU could use), or "CUDA" with the device name.
 * The first call loads ND4J's natives (seconds), so callers ask from a background thread.
 *
 * <p>The {@code cuda} build carries both backends: ND4J prefers CUDA and falls back to the CPU when CUDA cannot
 * load; the summary then says why, so the user learns it from the status bar rather than a log.
 */
public final class BackendInfo {

    private BackendInfo() {
    }

    /** What {@link #describe()} found. {@code summary} is the short text for a status bar. */
    public record Info(String backend, String summary, String details, boolean vectorApi) {
    }

    private static volatile Info cached;

    /** The backend does not change while the process runs: probed once, then remembered. */
    public static Info describe() {
        Info info = cached;
        if (info == null) {
            info = probe();
            cached = info;
        }
        return info;
    }

    private static Info probe() {
        // Probe CUDA before ND4J does: the first failed load carries the real reason.
        String cudaNote = cudaSkipReason();
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        String backendClass = Nd4j.getBackend().getClass().getSimpleName();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault("backend", backendClass));
        boolean cuda = backend.toUpperCase(Locale.ROOT).contains("CUDA");
        StringBuilder summary = new StringBuilder();
        if (cuda) {
            summary.append("CUDA ").append(cudaDevice(env));
        } else {
            summary.append("CPU ").append(cpuLevel());
            Object threads = env.get("omp.threads");
            if (threads != null) summary.append(", ").append(threads).append(" threads");
        }
        Object blas = env.get("blas.vendor");
        if (blas != null) summary.append(", ").append(blas.toString().toLowerCase(Locale.ROOT));
        if (!cudaNote.isEmpty() && !cuda) {
            summary.append(" - ").append(cudaNote);
        }
        String details = backendClass + " " + env;
        return new Info(backend, summary.toString(), details, vector);
    }

    @SuppressWarnings("unchecked")
    private static String cudaDevice(Properties env) {
        Object devices = env.get("cuda.devicesInformation");
        if (devices instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> m) {
            Object name = ((Map<String, Object>) m).get("cuda.deviceName");
            if (name != null) return name.toString();
        }
        return "(device unknown)";
    }

    /**
     * libnd4j reports the instruction set its binary was compiled for ({@code binaryLevel}) and the best one this
     * CPU supports ({@code optimalLevel}): 0 generic, 1 x86-64, 2 AVX2, 3 AVX-512.
     */
    private static String cpuLevel() {
        String arch = System.getProperty("os.arch");
        try {
            NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
            String built = levelName(ops.binaryLevel());
            String best = levelName(ops.optimalLevel());
            return built.equals(best) ? built : built + " build on an " + best + " CPU";
        } catch (RuntimeException | LinkageError e) {
            return arch + " " + cpuFlags();
        }
    }

    private static String levelName(int level) {
        return switch (level) {
            case 1 -> "generic x86-64";
            case 2 -> "AVX2";
            case 3 -> "AVX-512";
            default -> "generic";
        };
    }

    private static String cpuFlags() {
        try {
            String info = Files.readString(Path.of("/proc/cpuinfo"));
            if (info.contains(" avx512f")) return "AVX-512";
            if (info.contains(" avx2")) return "AVX2";
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "";
    }

    /** Empty when no CUDA backend is on the classpath; otherwise why it is not used. */
    private static String cudaSkipReason() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, BackendInfo.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "";
        }
        try {
            Class.forName("org.bytedeco.cuda.global.cudart");
            return "";
        } catch (Throwable t) {
            return "CUDA backend unavailable (the CUDA 11.6 driver/runtime libraries could not be loaded), "
                    + "running on the CPU";
        }
    }
}
