package org.pernodedrop.lab.app.experiments;

import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Experiments charts navigate as the single run's: wheel zoom about the pointer, drag pan, double-click reset. */
@ExtendWith(ApplicationExtension.class)
class ChartPaneZoomTest {

    private ChartPane pane;
    private XYPlot plot;

    @Start
    void start(Stage stage) {
        XYSeries s = new XYSeries("line");
        for (int i = 0; i <= 10; i++) s.add(i, i * i);
        NumberAxis x = new NumberAxis("x");
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        plot = new XYPlot(new XYSeriesCollection(s), x, new NumberAxis("y"), new XYLineAndShapeRenderer());
        pane = new ChartPane("test", "Test", "a parabola");
        pane.setChart(new JFreeChart(plot));
        stage.setScene(new Scene(pane, 600, 400));
        stage.show();
    }

    @Test
    void zoomPanAndReset(FxRobot robot) throws Exception {
        ChartViewer viewer = (ChartViewer) pane.getChildren().get(1);
        WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS,
                () -> viewer.getRenderingInfo() != null && viewer.getRenderingInfo().getPlotInfo().getDataArea()
                        .getWidth() > 0);
        var area = viewer.getRenderingInfo().getPlotInfo().getDataArea();
        assertThat(plot.getDomainAxis().getLowerBound()).isEqualTo(0.0);
        assertThat(plot.getDomainAxis().getUpperBound()).isEqualTo(10.0);
        // one notch up over x = 2.5 (a quarter into the data area): [2.5 - 2.5 * 0.8, 2.5 + 7.5 * 0.8] = [0.5, 8.5]
        double px = area.getMinX() + 0.25 * area.getWidth(), py = area.getCenterY();
        robot.interact(() -> Event.fireEvent(viewer.getCanvas(), scroll(viewer.getCanvas(), px, py, 40)));
        assertThat(plot.getDomainAxis().getLowerBound()).isCloseTo(0.5, within(1e-9));
        assertThat(plot.getDomainAxis().getUpperBound()).isCloseTo(8.5, within(1e-9));
        // a drag of a tenth of the data area to the right moves the range left by a tenth of its width (0.8); the
        // area is the one drawn after the zoom (its tick labels may have changed its width)
        WaitForAsyncUtils.waitForFxEvents();
        double dx = viewer.getRenderingInfo().getPlotInfo().getDataArea().getWidth() / 10;
        var c = viewer.getCanvas();
        robot.interact(() -> {
            Event.fireEvent(c, mouse(c, MouseEvent.MOUSE_PRESSED, px, py, 1, true));
            Event.fireEvent(c, mouse(c, MouseEvent.MOUSE_DRAGGED, px + dx, py, 1, true));
            Event.fireEvent(c, mouse(c, MouseEvent.MOUSE_RELEASED, px + dx, py, 1, false));
        });
        assertThat(plot.getDomainAxis().getLowerBound()).isCloseTo(-0.3, within(1e-6));
        assertThat(plot.getDomainAxis().getUpperBound()).isCloseTo(7.7, within(1e-6));
        robot.interact(() -> Event.fireEvent(viewer.getCanvas(), mouse(c, MouseEvent.MOUSE_CLICKED, px, py, 2, false)));
        assertThat(plot.getDomainAxis().getLowerBound()).isEqualTo(0.0);
        assertThat(plot.getDomainAxis().getUpperBound()).isEqualTo(10.0);
        assertThat(plot.getDomainAxis().isAutoRange()).isTrue();
        // values on hover: a chart without its own tooltips gets the standard "series: (x, y)" one
        assertThat(plot.getRenderer().getDefaultToolTipGenerator().generateToolTip(plot.getDataset(), 0, 3))
                .isEqualTo("line: (3, 9)");
    }

    /** Event coordinates are the scene's; {@code x, y} are the node's. */
    private static ScrollEvent scroll(javafx.scene.Node n, double lx, double ly, double dy) {
        javafx.geometry.Point2D p = n.localToScene(lx, ly);
        double x = p.getX(), y = p.getY();
        return new ScrollEvent(ScrollEvent.SCROLL, x, y, x, y, false, false, false, false, false, false, 0, dy, 0, dy,
                ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null);
    }

    private static MouseEvent mouse(javafx.scene.Node n, javafx.event.EventType<MouseEvent> type, double lx,
                                    double ly, int clicks, boolean down) {
        javafx.geometry.Point2D p = n.localToScene(lx, ly);
        double x = p.getX(), y = p.getY();
        return new MouseEvent(type, x, y, x, y, MouseButton.PRIMARY, clicks, false, false, false, false, down, false,
                false, true, false, true, null);
    }
}
