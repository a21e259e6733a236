package org.pernodedrop.lab.app;

import javafx.event.Event;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Zoom, pan and reset of the loss chart, export of every single-run view (files read back), the speed cap. */
@ExtendWith(ApplicationExtension.class)
class SingleRunChartsTest {

    private OpenLab open;
    private LabModel model;
    private LabView view;
    private final FakeRunControl[] last = new FakeRunControl[1];

    @Start
    void start(Stage stage) {
        open = OpenLab.on(stage, (cfg, data) -> last[0] = new FakeRunControl(cfg, 2));
        model = open.model();
        view = open.view();
    }

    @AfterEach
    void tearDown() {
        open.close();
    }

    private void trainThreeEpochs(FxRobot robot) throws Exception {
        robot.interact(model::playPause);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> model.epochsDoneProperty().get() >= 3);
        robot.interact(model::playPause);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.stateProperty().get() == LabModel.RunState.PAUSED);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.losses().lossXRange() != null
                && view.losses().epochPointCount() >= 3);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void wheelZoomsAboutThePointerAndDoubleClickResets(FxRobot robot) throws Exception {
        trainThreeEpochs(robot);
        double[] full = view.losses().lossXRange();
        var pane = view.losses().lossChartPane();
        double cx = pane.getWidth() / 2, cy = pane.getHeight() / 2;
        // three notches up: the x range shrinks to 0.8^3 = 0.512 of its width
        robot.interact(() -> view.losses().zoomLossAt(cx, cy, 120));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            double[] z = view.losses().lossXRange();
            return z[1] - z[0] < 0.6 * (full[1] - full[0]);
        });
        double[] zoomed = view.losses().lossXRange();
        assertThat((zoomed[1] - zoomed[0]) / (full[1] - full[0])).isCloseTo(0.512, within(0.01));
        assertThat(zoomed[0]).isGreaterThan(full[0]);
        assertThat(zoomed[1]).isLessThan(full[1]);
        // double click: the full view again
        javafx.geometry.Point2D sc = pane.localToScene(cx, cy);
        robot.interact(() -> Event.fireEvent(pane, new MouseEvent(MouseEvent.MOUSE_CLICKED, sc.getX(), sc.getY(),
                sc.getX(), sc.getY(),
                MouseButton.PRIMARY, 2, false, false, false, false, true, false, false, true, false, true, null)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            double[] r = view.losses().lossXRange();
            return Math.abs(r[0] - full[0]) < 1e-9 && Math.abs(r[1] - full[1]) < 1e-9;
        });
    }

    @Test
    void everyViewExportsAPngAndAnSvgThatReadBack(FxRobot robot, @TempDir Path dir) throws Exception {
        trainThreeEpochs(robot);
        for (ViewExport.Target t : view.exportTargets()) {
            if (t.name().equals("classes")) robot.interact(() -> view.lowerRight().getSelectionModel().select(1));
            if (t.name().equals("decision-surface")) {
                robot.interact(() -> view.lowerRight().getSelectionModel().select(0));
            }
            WaitForAsyncUtils.waitForFxEvents();
            Path png = dir.resolve(t.name() + ".png");
            Path svg = dir.resolve(t.name() + ".svg");
            double[] size = new double[2];
            WaitForAsyncUtils.asyncFx(() -> {
                ViewExport.write(t, png);
                ViewExport.write(t, svg);
                BufferedImage at1 = t.image(1.0).call();
                size[0] = at1.getWidth();
                size[1] = at1.getHeight();
                return null;
            }).get(30, TimeUnit.SECONDS);
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as(t.name()).isNotNull();
            // drawn at 2x: twice the picture at 1x, give or take the rounding of each stacked part
            assertThat((double) img.getWidth()).as(t.name() + " width").isCloseTo(2 * size[0], within(2.0));
            assertThat((double) img.getHeight()).as(t.name() + " height").isCloseTo(2 * size[1], within(6.0));
            assertThat(size[0]).as(t.name()).isGreaterThan(100);

            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
            Element root = doc.getDocumentElement();
            assertThat(root.getTagName()).as(t.name()).isEqualTo("svg");
            if (t.name().equals("loss")) {
                // the loss chart is vector: lines and text, no embedded picture
                assertThat(doc.getElementsByTagName("image").getLength()).isZero();
                assertThat(doc.getElementsByTagName("path").getLength() + doc.getElementsByTagName("line")
                        .getLength()).isGreaterThan(5);
                assertThat(doc.getElementsByTagName("text").getLength()).isGreaterThan(3);
            } else {
                Element image = (Element) doc.getElementsByTagName("image").item(0);
                String href = image.getAttribute("xlink:href");
                assertThat(href).startsWith("data:image/png;base64,");
                BufferedImage inner = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder()
                        .decode(href.substring(href.indexOf(',') + 1))));
                assertThat(inner.getWidth()).isEqualTo(img.getWidth());
                assertThat(Double.parseDouble(root.getAttribute("width"))).isCloseTo(img.getWidth() / 2.0,
                        within(0.1));
            }
        }
    }

    @Test
    void everyCanvasSaysWhatItShows(FxRobot robot) throws Exception {
        trainThreeEpochs(robot);
        robot.interact(() -> view.lowerRight().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> view.lowerRight().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<javafx.scene.canvas.Canvas> canvases = new java.util.ArrayList<>();
        robot.interact(() -> collect(view, canvases));
        assertThat(canvases).hasSizeGreaterThan(6);
        for (javafx.scene.canvas.Canvas c : canvases) {
            if (c.getWidth() < 1 || c.getHeight() < 1) continue;
            assertThat(c.getAccessibleText()).as("accessible text of a %.0f x %.0f canvas in %s", c.getWidth(),
                    c.getHeight(), c.getParent() == null ? "?" : c.getParent().getParent()).isNotBlank();
        }
        assertThat(canvases.stream().map(javafx.scene.canvas.Canvas::getAccessibleText).toList())
                .anySatisfy(t -> assertThat(t).startsWith("Mask of sample 0: 16 inputs across"))
                .anySatisfy(t -> assertThat(t).contains("Top row, the same weights under one DropConnect mask"))
                .anySatisfy(t -> assertThat(t).startsWith("Decision surface over x1"));
    }

    private static void collect(javafx.scene.Parent p, java.util.List<javafx.scene.canvas.Canvas> out) {
        for (javafx.scene.Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof javafx.scene.canvas.Canvas c) out.add(c);
            if (n instanceof javafx.scene.Parent q) collect(q, out);
        }
        if (p instanceof javafx.scene.control.TabPane t) {
            for (javafx.scene.control.Tab tab : t.getTabs()) {
                if (tab.getContent() instanceof javafx.scene.Parent q && q.getParent() == null) collect(q, out);
            }
        }
    }

    @Test
    void theSpeedCapReachesTheRunAndSlowsIt(FxRobot robot) throws Exception {
        robot.interact(() -> view.transport().speed.setValue(10.0));
        robot.interact(model::playPause);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> last[0] != null && model.stepProperty().get() > 2);
        assertThat(last[0].maxStepsPerSecond).isEqualTo(10.0);
        // that the cap slows a real run is TrainerSpeedCapTest's (this run is the test stand-in, which only sleeps)
        // back to full speed while running: the run hears it
        robot.interact(() -> view.transport().speed.setValue(0.0));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> last[0].maxStepsPerSecond == 0.0);
        robot.interact(model::stop);
    }
}
