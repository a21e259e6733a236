package org.pernodedrop.lab.app;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/** Process CPU per redraw+render of each view (a probe run by hand with -Dtest=ViewCostProbe; prints only). */
@Tag("probe")
@ExtendWith(ApplicationExtension.class)
class ViewCostProbe {

    private LabModel model;
    private LabView view;

    @Start
    void start(Stage stage) {
        model = new LabModel(LabRuns.fake());
        Scene scene = LabApp.createScene(model);
        view = (LabView) scene.getRoot();
        stage.setScene(scene);
        stage.show();
        model.start(false);
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void measure(FxRobot robot) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("lab.probe"));
        robot.interact(model::playPause);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.epochsDoneProperty().get() >= 3);
        robot.interact(model::playPause);
        Thread.sleep(500);
        Node[] nodes = {view.masks(), view.diagram(), view.losses(), view.surface()};
        String[] names = {"masks", "diagram", "losses", "surface"};
        for (int k = 0; k < nodes.length; k++) {
            Node n = nodes[k];
            long b0 = cpu();
            for (int r = 0; r < 20; r++) {
                WaitForAsyncUtils.asyncFx(() -> n.snapshot(new SnapshotParameters(), null)).get(30, TimeUnit.SECONDS);
            }
            System.out.printf("PROBE %-8s render only: cpu %.1f ms%n", names[k], (cpu() - b0) / 1e6 / 20);
            javafx.scene.layout.Region blank = new javafx.scene.layout.Region();
            blank.setStyle("-fx-background-color: white;");
            blank.resize(500, 300);
            int reps = 20;
            long c0 = cpu();
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                WaitForAsyncUtils.asyncFx(() -> {
                    if (n instanceof LossChartView l) l.refresh();
                    else if (n instanceof MaskHeatmapView m) m.redrawForProbe();
                    else if (n instanceof SubnetDiagramView d) d.redrawForProbe();
                    else if (n instanceof DecisionSurfaceView s) s.redrawForProbe();
                    return n.snapshot(new SnapshotParameters(), null);
                }).get(30, TimeUnit.SECONDS);
            }
            System.out.printf("PROBE %-8s cpu %.1f ms, wall %.1f ms per redraw+render%n", names[k],
                    (cpu() - c0) / 1e6 / reps, (System.nanoTime() - t0) / 1e6 / reps);
        }
        WaitForAsyncUtils.asyncFx(() -> model.shutdown());
    }
}
