package org.nd4j.nativeblas;

/**
 * Answers DL4J 1.0.0-M2.1's oneDNN probe. {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} by reflection, but in this release
 * the class lives in {@code org.nd4j.linalg.cpu.nativecpu.bindings}, so the probe always failed and DL4J's
 * convolution and pooling helpers were never used, even with a oneDNN build of libnd4j. This class forwards the
 * probe to the real flag of the loaded library, so the helpers are used exactly when oneDNN is there
 * (see {@code org.pernodedrop.lab.engine.train.CpuNatives}). Not part of ND4J; delete it once DL4J fixes the name.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether the loaded libnd4j was built with oneDNN (its build info says HAVE_ONEDNN) and has it enabled. The
         * flag alone is not enough: the generic build reports it as true too.
         */
        public boolean isUseMKLDNN() {
            return BUILT_WITH_ONEDNN.get()
                    && org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }

        private static final java.util.function.Supplier<Boolean> BUILT_WITH_ONEDNN = new java.util.function.Supplier<>() {
            private volatile Boolean value;

            @Override
            public Boolean get() {
                Boolean v = value;
                if (v == null) {
                    v = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
                    value = v;
                }
                return v;
            }
        };
    }
}
