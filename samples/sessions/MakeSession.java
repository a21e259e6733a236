import org.pernodedrop.lab.app.experiments.SessionFiles;
import org.pernodedrop.lab.engine.experiment.Session;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a sweep folder written by {@code pernodedrop-lab sweep} into one session file the lab opens without training.
 * Run with the source launcher (see make-spiral-session.sh): {@code java -cp ... MakeSession.java SWEEP OUT TITLE
 * DESCRIPTION_FILE}.
 */
public class MakeSession {
    public static void main(String[] a) throws Exception {
        Session s = SessionFiles.fromSweepFolder(Path.of(a[0]), a[2], Files.readString(Path.of(a[3])).trim());
        s.write(Path.of(a[1]));
        System.out.println("wrote " + a[1] + ": " + s.configs().size() + " runs, " + s.results().size() + " epochs");
    }
}
