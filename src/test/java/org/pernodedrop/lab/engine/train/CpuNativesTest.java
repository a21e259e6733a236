package org.pernodedrop.lab.engine.train;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The choice of libnd4j build from the CPU's flags and what is bundled (hand-made cases). */
class CpuNativesTest {

    private static final Set<String> ALL = Set.of("-onednn-avx512", "-onednn-avx2", "-avx512", "-avx2");

    @Test
    void picksTheOnednnBuildTheCpuCanRunAmongThoseBundled() {
        Set<String> avx2Only = Set.of("sse4_2", "avx", "avx2", "fma");
        Set<String> avx512 = Set.of("avx2", "avx512f", "avx512bw");
        assertThat(CpuNatives.choose("Linux", "amd64", avx2Only, ALL::contains)).isEqualTo("-onednn-avx2");
        assertThat(CpuNatives.choose("Linux", "amd64", avx512, ALL::contains)).isEqualTo("-onednn-avx512");
        // what the default build ships: only onednn-avx2 besides the generic build
        assertThat(CpuNatives.choose("Linux", "amd64", avx512, "-onednn-avx2"::equals)).isEqualTo("-onednn-avx2");
        assertThat(CpuNatives.choose("Linux", "amd64", avx512, "-avx512"::equals)).isEqualTo("-avx512");
    }

    @Test
    void fallsBackToTheGenericBuild() {
        Set<String> old = Set.of("sse2", "sse4_2", "avx");
        assertThat(CpuNatives.choose("Linux", "amd64", old, ALL::contains)).isEmpty();
        assertThat(CpuNatives.choose("Linux", "amd64", Set.of("avx2"), e -> false)).isEmpty();
        assertThat(CpuNatives.choose("Windows 11", "amd64", Set.of("avx2"), ALL::contains)).isEmpty();
        assertThat(CpuNatives.choose("Linux", "aarch64", Set.of("avx2"), ALL::contains)).isEmpty();
    }

    @Test
    void readsTheFlagsLineOfProcCpuinfo() {
        String info = "processor\t: 0\nmodel name\t: Some CPU\nflags\t\t: fpu sse2 avx avx2 fma\nbugs\t\t: spectre\n"
                + "processor\t: 1\nflags\t\t: fpu\n";
        assertThat(CpuNatives.cpuFlags(info)).containsExactlyInAnyOrder("fpu", "sse2", "avx", "avx2", "fma");
        assertThat(CpuNatives.cpuFlags("")).isEmpty();
    }
}
