package org.pernodedrop.lab.app.experiments;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

/** Enlarges every text of a chart (titles, legend, axes) for presentation mode; the data drawn stays the same. */
final class ChartFonts {

    /** Presentation mode's factor: 13 px tick labels become about 18 px. */
    static final float PRESENTATION_SCALE = 1.4f;

    private ChartFonts() {
    }

    static JFreeChart scale(JFreeChart chart, float factor) {
        if (chart == null || factor == 1f) return chart;
        if (chart.getTitle() != null) chart.getTitle().setFont(bigger(chart.getTitle().getFont(), factor));
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            Title t = chart.getSubtitle(i);
            if (t instanceof TextTitle tt) tt.setFont(bigger(tt.getFont(), factor));
            else if (t instanceof LegendTitle lt) lt.setItemFont(bigger(lt.getItemFont(), factor));
        }
        List<Axis> axes = new ArrayList<>();
        collect(chart.getPlot(), axes);
        for (Axis a : axes) {
            if (a == null) continue;
            a.setLabelFont(bigger(a.getLabelFont(), factor));
            a.setTickLabelFont(bigger(a.getTickLabelFont(), factor));
        }
        return chart;
    }

    private static void collect(Plot p, List<Axis> axes) {
        if (p instanceof CombinedRangeXYPlot c) {
            axes.add(c.getRangeAxis());
            for (XYPlot s : c.getSubplots()) collect(s, axes);
        } else if (p instanceof CombinedDomainXYPlot c) {
            axes.add(c.getDomainAxis());
            for (XYPlot s : c.getSubplots()) collect(s, axes);
        } else if (p instanceof XYPlot x) {
            axes.add(x.getDomainAxis());
            axes.add(x.getRangeAxis());
        } else if (p instanceof CategoryPlot c) {
            axes.add(c.getDomainAxis());
            axes.add(c.getRangeAxis());
        }
    }

    private static Font bigger(Font f, float factor) {
        return f == null ? null : f.deriveFont(f.getSize2D() * factor);
    }
}
