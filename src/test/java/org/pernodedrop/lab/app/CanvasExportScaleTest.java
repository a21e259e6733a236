package org.pernodedrop.lab.app;

import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.transform.Scale;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports at 2x draw canvases again at 2x instead of enlarging their 1x pixels. The picture: white, with a black bar
 * half a layout unit wide at x = 10.5. Drawn at 2x it covers exactly output pixel column 21 (10.5 * 2 = 21, width 1);
 * drawn at 1x it half-covers pixel 10, which enlarging turns into two grey columns 20 and 21.
 */
@ExtendWith(ApplicationExtension.class)
class CanvasExportScaleTest {

    private static final double TOP = 30; // the label above the canvas, in layout units

    private CanvasPane pane;
    private VBox box;

    @Start
    void start(Stage stage) {
        pane = new CanvasPane(this::draw, 60, 40);
        Label title = new Label("bar");
        title.setMinHeight(TOP);
        title.setMaxHeight(TOP);
        box = new VBox(title, pane);
        stage.setScene(new Scene(box, 60, 70));
        stage.show();
    }

    private void draw() {
        Canvas c = pane.canvas();
        GraphicsContext g = c.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, CanvasPane.width(c), CanvasPane.height(c));
        g.setFill(Color.BLACK);
        g.fillRect(10.5, 0, 0.5, CanvasPane.height(c));
    }

    @Test
    void aTwoTimesExportDrawsTheCanvasAgainAtTwoTimes(FxRobot robot) {
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> img[0] = ViewExport.snapshot(box, 2.0));
        assertThat(img[0].getWidth()).isEqualTo(120);
        int y = (int) (2 * TOP) + 40; // a row inside the canvas
        assertThat(red(img[0], 21, y)).as("the bar's output pixel").isLessThan(40);
        assertThat(red(img[0], 20, y)).as("left of the bar").isGreaterThan(215);
        assertThat(red(img[0], 22, y)).as("right of the bar").isGreaterThan(215);
        // the live canvas is back, with nothing left over from the export
        assertThat(pane.getChildren()).containsExactly(pane.canvas());
        assertThat(pane.canvas().isVisible()).isTrue();
        assertThat(CanvasPane.width(pane.canvas())).isEqualTo(60.0);
    }

    @Test
    void controlCaseASnapshotAtTwoTimesOnlyEnlargesTheCanvas(FxRobot robot) {
        // what exports did before: the node snapshotted under a 2x transform; the bar comes out grey and two wide
        BufferedImage[] img = new BufferedImage[1];
        robot.interact(() -> {
            SnapshotParameters p = new SnapshotParameters();
            p.setTransform(new Scale(2, 2));
            img[0] = javafx.embed.swing.SwingFXUtils.fromFXImage(box.snapshot(p, null), null);
        });
        int y = (int) (2 * TOP) + 40;
        int bar = red(img[0], 21, y), left = red(img[0], 20, y);
        assertThat(bar > 40 || left < 215).as("enlarged 1x pixels: grey bar %d, left %d", bar, left).isTrue();
    }

    private static int red(BufferedImage img, int x, int y) {
        return (img.getRGB(x, y) >> 16) & 0xFF;
    }
}
