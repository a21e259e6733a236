package org.pernodedrop.lab.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses, before ND4J loads, which build of libnd4j this process uses, switches DL4J's oneDNN layer helpers on, and
 * tells OpenMP's and OpenBLAS's idle threads to sleep rather than spin ({@link #idleThreadsSleep}).
 *
 * <p>Why (measured on a 2-core AVX-512 machine, the paper's CNN step at batch 128): with the generic natives DL4J
 * runs convolutions in Java as im2col + GEMM with many array copies, about 1.5 s of CPU a step; with the
 * {@code onednn-avx2} build and DL4J's oneDNN helpers the same step takes about 0.75 s. The helpers are off by
 * default in DL4J 1.0.0-M2.1 ({@code org.eclipse.deeplearning4j.helpers.disable} defaults to true) and, once on,
 * probe oneDNN through a class name that no longer exists in that release; {@code org.nd4j.nativeblas.Nd4jCpu}
 * in this project answers that probe with the loaded library's own flag.
 *
 * <p>The choice: the first build of {@link #PREFERENCE} that is on the classpath and whose instruction set this CPU
 * has (Linux x86-64, from /proc/cpuinfo), else the generic build. JavaCPP reads the choice from the system property
 * {@code org.bytedeco.javacpp.platform.extension} and falls back to the generic build for libraries that have no
 * such variant (OpenBLAS). A user's own setting of that property wins, and {@code PERNODEDROP_NATIVES=generic}
 * (environment) or {@code -Dpernodedrop.natives=generic} forces the generic build.
 */
public final class CpuNatives {

    /** JavaCPP's property for a platform variant, e.g. "-onednn-avx2". */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    /** Whether DL4J's oneDNN layer helpers are on: the loaded build has oneDNN and nobody disabled them. */
    public static boolean layerHelpersOn() {
        return org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()
                && !Boolean.parseBoolean(System.getProperty(HELPERS_PROPERTY, "true"));
    }
    /** Where a variant's libnd4j sits inside its nd4j-native jar. */
    static final String RESOURCE = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64%s/libnd4jcpu.so";

    /** Builds in order of preference, with the CPU flag each needs (the onednn ones dispatch by ISA inside). */
    static final List<String[]> PREFERENCE = List.of(
            new String[]{"-onednn-avx512", "avx512f"},
            new String[]{"-onednn-avx2", "avx2"},
            new String[]{"-avx512", "avx512f"},
            new String[]{"-avx2", "avx2"});

    private static volatile String chosen;

    private CpuNatives() {
    }

    /**
     * The variant for a CPU with {@code flags} on {@code os}/{@code arch} given which variants are bundled: an
     * extension such as "-onednn-avx2", or "" for the generic build.
     */
    static String choose(String os, String arch, Set<String> flags, Predicate<String> bundled) {
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) return "";
        if (!(arch.equals("amd64") || arch.equals("x86_64"))) return "";
        for (String[] v : PREFERENCE) {
            if (flags.contains(v[1]) && bundled.test(v[0])) return v[0];
        }
        return "";
    }

    /** The flags line of /proc/cpuinfo as a set; empty where there is none (not Linux). */
    static Set<String> cpuFlags(String cpuinfo) {
        Set<String> s = new HashSet<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                if (colon > 0) s.addAll(List.of(line.substring(colon + 1).trim().split("\\s+")));
                break;
            }
        }
        return s;
    }

    /**
     * Sets the properties; call first thing in {@code main}, before any ND4J class loads (later calls change
     * nothing that is already loaded). Returns the extension in effect ("" = generic).
     */
    public static synchronized String configure() {
        if (chosen != null) return chosen;
        if (System.getProperty(HELPERS_PROPERTY) == null) System.setProperty(HELPERS_PROPERTY, "false");
        idleThreadsSleep();
        String own = System.getProperty(EXTENSION_PROPERTY);
        String force = System.getProperty("pernodedrop.natives", System.getenv("PERNODEDROP_NATIVES"));
        if (own != null) {
            chosen = own;
        } else if ("generic".equalsIgnoreCase(force)) {
            chosen = "";
        } else {
            String info;
            try {
                info = Files.readString(Path.of("/proc/cpuinfo"));
            } catch (IOException | RuntimeException e) {
                info = "";
            }
            ClassLoader cl = CpuNatives.class.getClassLoader();
            chosen = choose(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), cpuFlags(info),
                    ext -> cl.getResource(String.format(RESOURCE, ext)) != null);
            if (!chosen.isEmpty()) System.setProperty(EXTENSION_PROPERTY, chosen);
        }
        return chosen;
    }

    /** What OpenMP's idle threads do in this process: the user's OMP_WAIT_POLICY, else what {@link #configure} set. */
    public static String waitPolicy() {
        String env = System.getenv("OMP_WAIT_POLICY");
        return env != null ? env.toUpperCase(Locale.ROOT) : SET.containsKey(OMP_WAIT) ? "PASSIVE" : "default (spin)";
    }

    /** What OpenBLAS's idle threads do: the user's OPENBLAS_THREAD_TIMEOUT, else what {@link #configure} set. */
    public static String blasWait() {
        String env = System.getenv(BLAS_TIMEOUT);
        if (env != null) return "spin 2^" + env + " cycles";
        return SET.containsKey(BLAS_TIMEOUT) ? "sleep at once" : "default (spin)";
    }

    /**
     * The environment variables {@link #configure} set in this process through the C library. The JVM hands child
     * processes its environment as it was at start, so a child that should run alike (bench's peer) needs these.
     */
    public static java.util.Map<String, String> variablesSet() {
        return java.util.Map.copyOf(SET);
    }

    private static final String OMP_WAIT = "OMP_WAIT_POLICY";
    private static final String BLAS_TIMEOUT = "OPENBLAS_THREAD_TIMEOUT";
    private static final java.util.Map<String, String> SET = new java.util.concurrent.ConcurrentHashMap<>();

    /** The C library's setenv, through JNA (on the classpath with DL4J). */
    private interface CLib extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Asks libgomp to put idle threads to sleep at once ({@code OMP_WAIT_POLICY=PASSIVE}), and OpenBLAS's thread
     * server likewise ({@code OPENBLAS_THREAD_TIMEOUT=4}: spin 2^4 cycles), unless the user chose otherwise. By
     * default both spin for a while after every call; a training step runs hundreds of ND4J ops with Java work (the
     * PerNodeDrop kernels, DL4J's bookkeeping) between them, so the spinning threads took the cores from that work.
     * Measured on a shared 2-core machine, CNN step at batch 128: 1,390 ms wall and 660 ms CPU with libgomp spinning,
     * 330-360 ms and 220 ms passive; after that, OpenBLAS's server thread still spun in sched_yield for 48 % of a core
     * (383 of 800 ticks in 8 s, 271 of them in the kernel), gone with the timeout, its CPU going to the training
     * threads. Both libraries read the variables once when they load, so this must run before ND4J does.
     */
    private static void idleThreadsSleep() {
        // -Dpernodedrop.ompPassive=false keeps the libraries' defaults (to measure what this setting buys)
        if (!Boolean.parseBoolean(System.getProperty("pernodedrop.ompPassive", "true"))) return;
        try {
            CLib c = com.sun.jna.Native.loadLibrary("c", CLib.class);
            for (String[] v : new String[][]{{OMP_WAIT, "PASSIVE"}, {BLAS_TIMEOUT, "4"}}) {
                if (System.getenv(v[0]) == null && c.setenv(v[0], v[1], 0) == 0) SET.put(v[0], v[1]);
            }
        } catch (Throwable t) {
            // Not a POSIX C library (Windows): keep the libraries' defaults.
            SET.clear();
        }
    }

    /** The build chosen by {@link #configure()} for display: "onednn-avx2", or "generic". */
    public static String describe() {
        String c = chosen != null ? chosen : System.getProperty(EXTENSION_PROPERTY, "");
        return c.isEmpty() ? "generic" : c.substring(1);
    }
}
