package org.pernodedrop.lab.engine.report;

import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.pernodedrop.lab.engine.stats.Nemenyi;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * The critical-difference diagram of Demšar (2006, Fig. 1) as a JFreeChart plot, so it exports to PNG and SVG with
 * {@link ChartExport} and shows in the app's chart viewer like every other figure: an axis of mean ranks (1 = best,
 * on the left), each variant hung from its mean rank with its name on the left (better half) or right (worse
 * half), thick bars joining groups whose mean ranks differ by less than CD, and a bar of length CD above the axis.
 * Without a test (fewer than two blocks) it draws {@code message} instead.
 */
final class CriticalDifferencePlot extends Plot {

    private static final Font TICK = new Font("SansSerif", Font.PLAIN, 13);
    private static final Font LABEL = new Font("SansSerif", Font.PLAIN, 14);
    private static final Color INK = new Color(0x222222);
    private static final double ROW = 28, GROUP_STEP = 9;

    private final transient Nemenyi nemenyi;
    private final String message;

    CriticalDifferencePlot(Nemenyi nemenyi, String message) {
        this.nemenyi = nemenyi;
        this.message = message;
    }

    @Override
    public String getPlotType() {
        return "Critical difference";
    }

    /** Layout height in units for {@code k} variants and {@code groups} bars, title included. */
    static int preferredHeight(Nemenyi n) {
        if (n == null) return 260;
        int rows = (n.variants().size() + 1) / 2;
        return (int) Math.max(300, 190 + ROW * rows + GROUP_STEP * n.groups().size());
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
        if (info != null) info.setPlotArea(area);
        g2.setPaint(Color.WHITE);
        g2.fill(area);
        g2.setPaint(INK);
        if (nemenyi == null) {
            g2.setFont(LABEL);
            FontMetrics fm = g2.getFontMetrics();
            g2.drawString(message, (float) (area.getCenterX() - fm.stringWidth(message) / 2.0),
                    (float) area.getCenterY());
            return;
        }
        List<String> vs = nemenyi.variants();
        double[] r = nemenyi.meanRanks();
        int k = vs.size();
        int left = (k + 1) / 2;
        g2.setFont(LABEL);
        FontMetrics fm = g2.getFontMetrics();
        double leftW = 0, rightW = 0;
        String[] labels = new String[k];
        for (int i = 0; i < k; i++) {
            labels[i] = String.format(Locale.ROOT, "%s (%.2f)", vs.get(i), r[i]);
            if (i < left) leftW = Math.max(leftW, fm.stringWidth(labels[i]));
            else rightW = Math.max(rightW, fm.stringWidth(labels[i]));
        }
        double x0 = area.getX() + 16 + leftW + 24, x1 = area.getMaxX() - 16 - rightW - 24;
        if (x1 - x0 < 120) {
            // a very narrow area: let the labels overlap the margins rather than collapse the axis
            x0 = area.getX() + area.getWidth() * 0.3;
            x1 = area.getMaxX() - area.getWidth() * 0.3;
        }
        double axisY = area.getY() + 64;
        final double ax0 = x0, ax1 = x1;
        java.util.function.DoubleUnaryOperator x = rank -> ax0 + (rank - 1) / Math.max(1, k - 1) * (ax1 - ax0);

        // the CD bar, from rank 1, above the axis
        g2.setStroke(new BasicStroke(2f));
        double cdEnd = x.applyAsDouble(1 + nemenyi.cd());
        double cdY = area.getY() + 18;
        g2.draw(new Line2D.Double(x0, cdY, cdEnd, cdY));
        g2.draw(new Line2D.Double(x0, cdY - 5, x0, cdY + 5));
        g2.draw(new Line2D.Double(cdEnd, cdY - 5, cdEnd, cdY + 5));
        g2.setFont(TICK);
        String cdText = String.format(Locale.ROOT, "CD = %.3f", nemenyi.cd());
        g2.drawString(cdText, (float) (cdEnd + 8), (float) (cdY + 5));

        // the axis with ticks at whole and half ranks
        g2.setStroke(new BasicStroke(1.5f));
        g2.draw(new Line2D.Double(x0, axisY, x1, axisY));
        FontMetrics tm = g2.getFontMetrics();
        for (int t = 2; t <= 2 * k; t++) {
            double rank = t / 2.0, xt = x.applyAsDouble(rank);
            boolean whole = t % 2 == 0;
            g2.draw(new Line2D.Double(xt, axisY, xt, axisY - (whole ? 8 : 4)));
            if (whole) {
                String s = Integer.toString((int) rank);
                g2.drawString(s, (float) (xt - tm.stringWidth(s) / 2.0), (float) (axisY - 12));
            }
        }

        // groups of variants that are not significantly different: thick bars under the axis
        List<int[]> groups = nemenyi.groups();
        g2.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int gi = 0; gi < groups.size(); gi++) {
            int[] g = groups.get(gi);
            double y = axisY + 14 + GROUP_STEP * gi;
            g2.draw(new Line2D.Double(x.applyAsDouble(r[g[0]]) - 4, y, x.applyAsDouble(r[g[1]]) + 4, y));
        }

        // each variant: a line down from its mean rank, then out to its label
        double rowsTop = axisY + 26 + GROUP_STEP * groups.size();
        g2.setFont(LABEL);
        g2.setStroke(new BasicStroke(1.2f));
        for (int i = 0; i < k; i++) {
            boolean onLeft = i < left;
            int row = onLeft ? i : k - 1 - i;
            double y = rowsTop + ROW * row, xi = x.applyAsDouble(r[i]);
            g2.setPaint(INK);
            g2.draw(new Line2D.Double(xi, axisY, xi, y));
            double end = onLeft ? x0 - 12 : x1 + 12;
            g2.draw(new Line2D.Double(xi, y, end, y));
            Shape dot = new Ellipse2D.Double(xi - 4, axisY - 4, 8, 8);
            g2.setPaint(VariantPalette.color(vs.get(i)));
            g2.fill(dot);
            g2.setPaint(INK);
            float ty = (float) (y + fm.getAscent() / 2.0 - 2);
            if (onLeft) g2.drawString(labels[i], (float) (end - 6 - fm.stringWidth(labels[i])), ty);
            else g2.drawString(labels[i], (float) (end + 6), ty);
        }
    }
}
