package org.pernodedrop.lab.app;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pernodedrop.lab.app.experiments.ExperimentsView;
import org.pernodedrop.lab.engine.config.ExperimentConfig;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every single-run view in light, dark and presentation mode at 1x and 2x, written to
 * {@code lab.screenshots/themes} for a person to look at; and the colour-blindness check on the pictures
 * themselves: the curve and class colours found in the rendered loss chart and decision surface stay apart by
 * {@link ColourVisionTest#DISTINCT} (CIE76) after the deuteranopia filter, and a filtered copy of each window
 * screenshot is written beside it.
 */
@ExtendWith(ApplicationExtension.class)
class ThemeScreenshotTest {

    private OpenLab open;
    private LabModel model;
    private LabView view;
    private Scene scene;

    @Start
    void start(Stage stage) {
        open = OpenLab.on(stage);
        model = open.model();
        view = open.view();
        scene = open.scene();
    }

    @AfterEach
    void tearDown() {
        WaitForAsyncUtils.asyncFx(() -> Theme.darkProperty().set(false));
        open.close();
    }

    @Test
    void everyViewInEveryModeAtOneAndTwoX(FxRobot robot) throws Exception {
        Path dir = Path.of(System.getProperty("lab.screenshots", "target/screenshots")).resolve("themes");
        Files.createDirectories(dir);
        // the overfitting moons of the first screen, 12 epochs: every view has something to show
        robot.interact(() -> {
            ExperimentConfig c = model.config();
            model.setConfig(c.withTraining(c.training().withEpochs(12)));
            model.playPause();
        });
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> model.stateProperty().get()
                == LabModel.RunState.FINISHED);
        Thread.sleep(500);
        WaitForAsyncUtils.waitForFxEvents();

        String[] modes = {"light", "dark", "presentation"};
        for (String mode : modes) {
            robot.interact(() -> setMode(mode));
            Thread.sleep(700); // the loss chart renders on its own thread
            WaitForAsyncUtils.waitForFxEvents();
            for (double scale : new double[]{1, 2}) {
                Map<String, BufferedImage> shots = shots(robot, scale);
                for (Map.Entry<String, BufferedImage> e : shots.entrySet()) {
                    Path f = dir.resolve(mode + "-" + (int) scale + "x-" + e.getKey() + ".png");
                    ImageIO.write(e.getValue(), "png", f.toFile());
                    assertThat(Files.size(f)).as(f.toString()).isGreaterThan(2000);
                }
                if (scale == 1) {
                    BufferedImage w = shots.get("window");
                    ImageIO.write(deuteranopia(w), "png", dir.resolve(mode + "-1x-window-deuteranopia.png").toFile());
                    checkCategoriesSurvive(shots.get("losses"), shots.get("surface"), mode);
                } else {
                    // 2x is twice the size of 1x (same layout, sharper)
                    BufferedImage w2 = shots.get("window");
                    BufferedImage w1 = ImageIO.read(dir.resolve(mode + "-1x-window.png").toFile());
                    assertThat(w2.getWidth()).isEqualTo(2 * w1.getWidth());
                    assertThat(w2.getHeight()).isEqualTo(2 * w1.getHeight());
                }
            }
        }
        robot.interact(() -> setMode("light"));
    }

    private void setMode(String mode) {
        scene.getStylesheets().removeIf(s -> s.endsWith(ExperimentsView.DARK_CSS)
                || s.endsWith(ExperimentsView.PRESENTATION_CSS));
        boolean dark = mode.equals("dark");
        if (dark) scene.getStylesheets().add(LabApp.class.getResource(ExperimentsView.DARK_CSS).toExternalForm());
        if (mode.equals("presentation")) {
            scene.getStylesheets().add(LabApp.class.getResource(ExperimentsView.PRESENTATION_CSS).toExternalForm());
        }
        Theme.darkProperty().set(dark);
    }

    private Map<String, BufferedImage> shots(FxRobot robot, double scale) throws Exception {
        Map<String, Node> nodes = new LinkedHashMap<>();
        nodes.put("window", scene.getRoot());
        nodes.put("masks", view.masks());
        nodes.put("subnetworks", view.diagram());
        nodes.put("losses", view.losses());
        nodes.put("surface", view.surface());
        Map<String, BufferedImage> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            out.put(e.getKey(), WaitForAsyncUtils.asyncFx(() -> ViewExport.snapshot(e.getValue(), scale))
                    .get(20, TimeUnit.SECONDS));
        }
        robot.interact(() -> view.lowerRight().getSelectionModel().select(1));
        Thread.sleep(200);
        WaitForAsyncUtils.waitForFxEvents();
        out.put("classes", WaitForAsyncUtils.asyncFx(() -> ViewExport.snapshot(view.classes(), scale))
                .get(20, TimeUnit.SECONDS));
        robot.interact(() -> view.lowerRight().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        return out;
    }

    /**
     * The category colours as rendered: pixels of exactly the training and validation curve colours in the loss
     * chart (line interiors keep their colour through antialiasing), and of the two class colours in the surface
     * (the points' fill). Each must be there, and every pair must stay apart after the deuteranopia filter.
     */
    private static void checkCategoriesSurvive(BufferedImage losses, BufferedImage surface, String mode) {
        int[] curves = {Palette.CURVE_TRAIN, Palette.CURVE_VAL};
        for (int c : curves) assertThat(count(losses, c)).as(mode + ": curve colour %06x drawn", c & 0xFFFFFF)
                .isGreaterThan(20);
        assertThat(ColourVisionTest.deltaE(curves[0], curves[1], ColourVisionTest.DEUTERANOPIA))
                .isGreaterThan(ColourVisionTest.DISTINCT);
        int found = 0;
        for (int k = 0; k < 2; k++) if (count(surface, Palette.classColour(k)) > 10) found++;
        assertThat(found).as(mode + ": both class colours drawn in the surface").isEqualTo(2);
        assertThat(ColourVisionTest.deltaE(Palette.classColour(0), Palette.classColour(1),
                ColourVisionTest.DEUTERANOPIA)).isGreaterThan(ColourVisionTest.DISTINCT);
    }

    private static int count(BufferedImage img, int argb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == (argb & 0xFFFFFF)) n++;
        }
        return n;
    }

    /** The picture as a deuteranope would see it (Machado et al. 2009, severity 1), for a person to compare. */
    static BufferedImage deuteranopia(BufferedImage in) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
        java.util.Map<Integer, Integer> cache = new java.util.HashMap<>();
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                int c = in.getRGB(x, y) & 0xFFFFFF;
                out.setRGB(x, y, cache.computeIfAbsent(c, k -> {
                    double[] lin = ColourVisionTest.simulate(0xFF000000 | k, ColourVisionTest.DEUTERANOPIA);
                    return (encode(lin[0]) << 16) | (encode(lin[1]) << 8) | encode(lin[2]);
                }));
            }
        }
        return out;
    }

    private static int encode(double lin) {
        double c = lin <= 0.0031308 ? 12.92 * lin : 1.055 * Math.pow(lin, 1 / 2.4) - 0.055;
        return (int) Math.round(Math.max(0, Math.min(1, c)) * 255);
    }
}
