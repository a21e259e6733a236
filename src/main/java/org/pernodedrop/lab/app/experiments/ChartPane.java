package org.pernodedrop.lab.app.experiments;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYDataset;
import org.pernodedrop.lab.app.RenderedChartPane;
import org.pernodedrop.lab.engine.report.ChartExport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;

/**
 * A JFreeChart under a header with PNG and SVG export. Two kinds: a still chart in a {@link ChartViewer} (tooltips
 * on hover; the chart object is the one the engine's {@code ReportCharts} built, so a file exported here equals the
 * CLI's report figure), and a rendered chart ({@link #live}) that a training job refreshes several times a second, drawn
 * off the FX thread by a {@link RenderedChartPane} from a new dataset per refresh.
 */
public final class ChartPane extends VBox {

    /** Export size in layout units; PNGs are drawn at twice that for projectors and print. */
    public static final int EXPORT_WIDTH = 1000;
    public static final int EXPORT_HEIGHT = 620;
    public static final double PNG_SCALE = 2.0;

    private final String name;
    private final ChartViewer viewer;
    /** Live kind only: the off-thread chart, the factory of its chart and its hover readout. */
    private final RenderedChartPane rendered;
    private Supplier<JFreeChart> liveFactory;
    private final Label readout;
    private final HBox header;
    private Consumer<String> onError = s -> { };
    private static final java.util.Set<ChartPane> PANES = java.util.Collections.newSetFromMap(
            new java.util.WeakHashMap<>());
    private static volatile boolean presentation;

    /** A still chart; see {@link #setChart}. */
    public ChartPane(String name, String title, String hint) {
        this(name, title, hint, null);
    }

    /**
     * A rendered chart: {@code factory} builds the chart (styles, axes; any dataset) on the render thread; each
     * {@link #showLive} hands it a new dataset. Presentation mode and the dark theme apply as for still charts.
     */
    public static ChartPane live(String name, String title, String hint, Supplier<JFreeChart> factory) {
        return new ChartPane(name, title, hint, factory);
    }

    private ChartPane(String name, String title, String hint, Supplier<JFreeChart> factory) {
        this.name = name;
        Button png = new Button("PNG");
        png.setId(name + "-png");
        png.setTooltip(new Tooltip("Save this chart as a PNG image (" + (int) (EXPORT_WIDTH * PNG_SCALE) + " x "
                + (int) (EXPORT_HEIGHT * PNG_SCALE) + " px)"));
        png.setOnAction(e -> choose("png"));
        Button svg = new Button("SVG");
        svg.setId(name + "-svg");
        svg.setTooltip(new Tooltip("Save this chart as a scalable SVG drawing"));
        svg.setOnAction(e -> choose("svg"));
        header = org.pernodedrop.lab.app.Cards.header(title, hint, png, svg);
        if (factory == null) {
            viewer = new ChartViewer();
            rendered = null;
            readout = null;
            viewer.setMinSize(0, 0);
            // no key does anything on a still chart: TAB passes it by (as the live charts), and a screen reader
            // browsing the window still finds what it shows
            viewer.setFocusTraversable(false);
            viewer.setAccessibleText(title + ": " + hint);
            // wheel zoom, drag pan, double-click reset: the same on every chart of the lab
            org.pernodedrop.lab.app.ChartNavigation.install(viewer);
            org.pernodedrop.lab.app.Theme.darkProperty().addListener(o -> {
                if (chart() != null) org.pernodedrop.lab.app.Theme.apply(chart());
            });
            VBox.setVgrow(viewer, Priority.ALWAYS);
            getChildren().addAll(header, viewer);
        } else {
            viewer = null;
            liveFactory = factory;
            rendered = new RenderedChartPane(this::buildLive, (c, dark) -> { }, title + ": " + hint);
            rendered.setMinSize(0, 0);
            readout = org.pernodedrop.lab.app.Cards.small("Hover over the chart for values");
            readout.getStyleClass().add("hover-readout");
            VBox.setVgrow(rendered, Priority.ALWAYS);
            getChildren().addAll(header, rendered, readout);
        }
        getStyleClass().add("card");
        setMinSize(0, 0);
    }

    public HBox header() {
        return header;
    }

    public void setOnError(Consumer<String> handler) {
        onError = handler;
    }

    /**
     * Shows {@code chart}, with its texts enlarged in presentation mode (one switch for the whole app, see
     * {@link #setPresentation}). Exports draw the chart as shown, so in presentation mode with the larger texts.
     */
    public void setChart(JFreeChart chart) {
        JFreeChart shown = presentation ? ChartFonts.scale(chart, ChartFonts.PRESENTATION_SCALE) : chart;
        // the dark theme reaches into the chart (backgrounds, grid, texts); the series keep their colours
        if (org.pernodedrop.lab.app.Theme.dark()) org.pernodedrop.lab.app.Theme.apply(shown);
        org.pernodedrop.lab.app.ChartNavigation.ensureTooltips(shown);
        viewer.setChart(shown);
    }

    {
        PANES.add(this);
    }

    /** Presentation mode for every chart pane: texts grow on the next {@link #setChart}, and at once here. */
    static void setPresentation(boolean on) {
        if (on == presentation) return;
        presentation = on;
        float f = on ? ChartFonts.PRESENTATION_SCALE : 1f / ChartFonts.PRESENTATION_SCALE;
        for (ChartPane p : List.copyOf(PANES)) {
            if (p.rendered != null) {
                p.rendered.rebuild();
            } else if (p.chart() != null) {
                ChartFonts.scale(p.chart(), f);
            }
        }
    }

    /** The rendered chart as it is built for drawing: the factory's, with presentation fonts when that mode is on. */
    private JFreeChart buildLive() {
        JFreeChart c = liveFactory.get();
        return presentation ? ChartFonts.scale(c, ChartFonts.PRESENTATION_SCALE) : c;
    }

    /** Live kind: new chart styles (e.g. other series); the chart is built again before the next frame. */
    public void setLiveFactory(Supplier<JFreeChart> factory) {
        liveFactory = factory;
        rendered.rebuild();
    }

    /** Live kind: shows new data (never changed afterwards), drawn off the FX thread. */
    public void showLive(XYDataset data) {
        rendered.show(data);
    }

    /** Live kind: what the hover readout says at an x value. */
    public void setReadout(DoubleFunction<String> text) {
        rendered.setReadout(text, readout::setText);
    }

    /** The still chart shown (null for the rendered kind, whose chart lives on its render thread). */
    public JFreeChart chart() {
        return viewer == null ? null : viewer.getChart();
    }

    public String name() {
        return name;
    }

    /** Writes the chart as PNG or SVG, chosen by the file's extension (FX thread). */
    public void export(Path file) throws IOException {
        java.util.concurrent.Callable<JFreeChart> c = exportable();
        if (c == null) throw new IOException("no chart to export yet");
        try {
            export(c.call(), file);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /**
     * What an export draws, or null when there is no chart yet. What is shown is taken here (FX thread): the live
     * chart's data, theme and zoom, or a copy of a plain chart; the chart is built from them when called, on any
     * thread, so the FX thread neither waits for the drawing nor shares the object it redraws.
     */
    private java.util.concurrent.Callable<JFreeChart> exportable() {
        if (rendered != null) {
            XYDataset data = rendered.data();
            boolean dark = org.pernodedrop.lab.app.Theme.dark();
            double[][] zoom = rendered.zoomedRanges();
            return data == null ? null : () -> liveCopy(data, dark, zoom);
        }
        JFreeChart c = chart();
        if (c == null) return null;
        JFreeChart copy = copyOf(c);
        return () -> copy;
    }

    /**
     * A new chart of the live kind with this data, theme and zoom ({x, y} ranges, null for the full view), fonts as
     * shown; null without data. Built from values taken on the FX thread, so it may be built and drawn on any thread.
     */
    private JFreeChart liveCopy(XYDataset data, boolean dark, double[][] zoom) {
        if (data == null) return null;
        JFreeChart c = buildLive();
        c.getXYPlot().setDataset(data);
        org.pernodedrop.lab.app.Theme.apply(c, dark);
        if (zoom[0] != null) c.getXYPlot().getDomainAxis().setRange(zoom[0][0], zoom[0][1]);
        if (zoom[1] != null) c.getXYPlot().getRangeAxis().setRange(zoom[1][0], zoom[1][1]);
        return c;
    }

    static void export(JFreeChart c, Path file) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".svg")) {
            ChartExport.svg(c, file, EXPORT_WIDTH, EXPORT_HEIGHT);
        } else if (n.endsWith(".png")) {
            ChartExport.png(c, file, EXPORT_WIDTH, EXPORT_HEIGHT, PNG_SCALE);
        } else {
            throw new IOException(file + ": export needs a .png or .svg file name");
        }
    }

    private void choose(String ext) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + name + " as " + ext.toUpperCase(Locale.ROOT));
        fc.setInitialFileName(name + "." + ext);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT), "*." + ext));
        var f = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (f == null) return;
        java.util.concurrent.Callable<JFreeChart> c = exportable();
        if (c == null) {
            onError.accept("could not export " + name + ": no chart to export yet");
            return;
        }
        org.pernodedrop.lab.app.jobs.BackgroundWork.shared().submit("exporting " + f.getName(), () -> {
            export(c.call(), f.toPath());
            return f;
        }, done -> { }, why -> onError.accept("could not export " + name + ": " + why));
    }

    /** A deep copy of the chart (JFreeChart clones plot, renderers and datasets); the chart itself if it cannot. */
    static JFreeChart copyOf(JFreeChart c) {
        try {
            return (JFreeChart) c.clone();
        } catch (CloneNotSupportedException | RuntimeException e) {
            return c;
        }
    }
}
