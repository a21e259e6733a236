package org.pernodedrop.lab.engine.train;

import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

/**
 * Which ND4J backend runs the networks, in words for the status bar and {@code provenance.json}.
 *
 * <p>The {@code cuda} build carries both backends: ND4J prefers CUDA and falls back to the CPU when CUDA cannot
 * load. {@link #detect()} then says why CUDA was skipped, so the user learns it instead of reading a log.
 */
public record BackendInfo(String backend, String device, String note) {

    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    /** Loads ND4J if needed (seconds on first call: call it off the UI thread). */
    public static BackendInfo detect() {
        // Probe CUDA first: the first failed load carries the real reason (e.g. "libcuda.so.1: cannot open ...");
        // later attempts only report that the class could not be initialised.
        String cudaNote = cudaSkipReason();
        Map<Object, Object> env;
        try {
            env = Nd4j.getExecutioner().getEnvironmentInformation().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        } catch (Throwable t) {
            return new BackendInfo("none", "-", "ND4J could not start: " + rootMessage(t));
        }
        String backend = String.valueOf(env.getOrDefault("backend", Nd4j.getBackend().getClass().getSimpleName()));
        if (backend.equalsIgnoreCase("CUDA")) {
            return new BackendInfo("CUDA", cudaDevice(env), "");
        }
        String cpu = "CPU, " + env.getOrDefault("cores", "?") + " cores, BLAS " + env.getOrDefault("blas.vendor", "?")
                + ", " + instructionSet();
        return new BackendInfo("CPU", cpu, cudaNote);
    }

    /** One line, e.g. "CPU (CPU, 2 cores, BLAS OPENBLAS, AVX2)". */
    public String summary() {
        return backend + " (" + device + ")" + (note.isEmpty() ? "" : " - " + note);
    }

    private static String cudaDevice(Map<Object, Object> env) {
        Object devices = env.get("cuda.devicesInformation");
        if (devices instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
            return String.valueOf(first.get("cuda.deviceName"));
        }
        return "GPU";
    }

    private static String instructionSet() {
        try {
            var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
            // libnd4j levels: 1 generic x86-64, 2 AVX2, 3 AVX-512 (binary = what the natives were built for).
            String[] names = {"generic", "generic x86-64", "AVX2", "AVX-512"};
            int bin = ops.binaryLevel();
            int best = ops.optimalLevel();
            String built = bin >= 0 && bin < names.length ? names[bin] : "level " + bin;
            String cpu = best >= 0 && best < names.length ? names[best] : "level " + best;
            return built.equals(cpu) ? built : built + " build on a " + cpu + " CPU";
        } catch (Throwable t) {
            return "instruction set unknown";
        }
    }

    /** Empty when no CUDA backend is on the classpath; otherwise why it did not load. */
    private static String cudaSkipReason() {
        try {
            Class.forName(CUDA_BACKEND, false, BackendInfo.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "";
        }
        try {
            Class.forName("org.bytedeco.cuda.global.cudart");
            return "CUDA backend present but not used";
        } catch (Throwable t) {
            String why = rootMessage(t);
            if (why.contains("cudart") || why.contains("libcuda")) {
                why = "the CUDA 11.6 driver/runtime libraries could not be loaded";
            }
            return "CUDA backend unavailable (" + why + "), running on the CPU";
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        String m = c.getMessage() == null ? c.toString() : c.getMessage();
        int lib = m.lastIndexOf('/');
        // "/root/.javacpp/cache/.../libjnicudart.so: libcuda.so.1: cannot open ..." -> "libjnicudart.so: libcuda..."
        return lib >= 0 && m.contains("cannot open shared object") ? m.substring(lib + 1) : m;
    }
}
