package org.pernodedrop.lab.cli;

import org.pernodedrop.lab.engine.experiment.LessonClaim;
import org.pernodedrop.lab.engine.experiment.LessonResult;
import org.pernodedrop.lab.engine.experiment.LessonRunner;
import org.pernodedrop.lab.engine.experiment.TeachingPreset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Runs the teaching lessons headless and says, seed by seed, whether each lesson's claim held and with which numbers:
 * the same check the lesson tests make, for anyone who wants to see it on their machine or other seeds.
 */
@Command(name = "lessons", mixinStandardHelpOptions = true,
        description = "Run each teaching lesson on the given seeds and print whether its claim held (exit 1 if not).")
public final class LessonsCommand implements Callable<Integer> {

    @Option(names = "--seeds", split = ",", paramLabel = "S,...", defaultValue = "1,2,3",
            description = "Seeds to run every lesson on (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--id", paramLabel = "ID", description = "Only this lesson (default: all).")
    String id;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<TeachingPreset> lessons = TeachingPreset.all().stream().filter(p -> id == null || p.id().equals(id)).toList();
        if (lessons.isEmpty()) {
            throw new IllegalArgumentException("no lesson '" + id + "' (known: " + String.join(", ",
                    TeachingPreset.all().stream().map(TeachingPreset::id).toList()) + ")");
        }
        boolean all = true;
        out.println("| lesson | claim | seed | holds | measured | seconds |");
        out.println("| --- | --- | --- | --- | --- | --- |");
        for (TeachingPreset p : lessons) {
            for (long seed : seeds) {
                long t0 = System.nanoTime();
                LessonResult r = LessonRunner.run(p, seed, 1800);
                LessonClaim.Verdict v = p.claim().check(r);
                all &= v.holds();
                out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %.0f |%n", p.id(), p.claim().text(), seed,
                        v.holds() ? "yes" : "NO", v.measured(), (System.nanoTime() - t0) / 1e9);
                out.flush();
            }
        }
        return all ? 0 : 1;
    }
}
