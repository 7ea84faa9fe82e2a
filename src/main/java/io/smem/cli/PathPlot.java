package io.smem.cli;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processor;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.intermediate.CommandSequence;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.smem.path.PathPoint;
import io.smem.path.PathResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The two pictures glmnet users look at, one above the other: coefficient paths against log λ with the selected λ
 * marked, and the cross-validation curve with ±1 SE error bars. PNG or SVG by the file's extension; headless.
 */
final class PathPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;
    /** Coefficient curves drawn at most (the largest by their peak magnitude): more is unreadable. */
    private static final int MAX_CURVES = 30;

    private PathPlot() {
    }

    /** Rejects a plot file name that is neither .png nor .svg (before any work is done). */
    static void checkFileName(Path file) {
        if (file == null) {
            return;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".svg") && !name.endsWith(".png")) {
            throw new BadInputException("--plot: the file must end in .png or .svg, got " + file);
        }
    }

    static void write(PathResult path, List<String> features, List<String> classes, Path file) throws IOException {
        checkFileName(file);
        boolean svg = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        List<XYChart> charts = new ArrayList<>();
        charts.add(coefficientChart(path, features, classes));
        if (path.folds() > 0) {
            charts.add(cvChart(path));
        }
        int totalHeight = HEIGHT * charts.size();
        Path target = file.toAbsolutePath();
        Path tmp = JsonOutput.temporaryBeside(target);
        try {
            if (svg) {
                VectorGraphics2D g = new VectorGraphics2D();
                paint(charts, g);
                CommandSequence commands = g.getCommands();
                Processor processor = new SVGProcessor();
                Document doc = processor.getDocument(commands, new PageSize(0, 0, WIDTH, totalHeight));
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    doc.writeTo(out);
                }
            } else {
                BufferedImage image = new BufferedImage(WIDTH, totalHeight, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                paint(charts, g);
                g.dispose();
                ImageIO.write(image, "png", tmp.toFile());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void paint(List<XYChart> charts, Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT * charts.size());
        for (XYChart chart : charts) {
            chart.paint(g, WIDTH, HEIGHT);
            g.translate(0, HEIGHT);
        }
    }

    private static XYChart coefficientChart(PathResult path, List<String> features, List<String> classes) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Coefficient paths (original scale)").xAxisTitle("log(lambda)").yAxisTitle("coefficient")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(0);
        List<PathPoint> pts = path.points();
        double[] x = pts.stream().mapToDouble(pt -> Math.log(Math.max(pt.lambda(), 1e-300))).toArray();
        int rows = pts.get(0).fit().numRows();
        int p = features.size();
        List<double[]> curves = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < p; j++) {
                double[] y = new double[pts.size()];
                for (int l = 0; l < pts.size(); l++) {
                    y[l] = pts.get(l).fit().coefficients()[r][j];
                }
                curves.add(y);
                names.add(rows > 1 ? classes.get(r) + ":" + features.get(j) : features.get(j));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < curves.size(); c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble((Integer c) -> -peak(curves.get(c))));
        double lo = 0;
        double hi = 0;
        for (int k = 0; k < Math.min(MAX_CURVES, order.size()); k++) {
            int c = order.get(k);
            double[] y = curves.get(c);
            XYSeries s = chart.addSeries(names.get(c) + "#" + c, x, y);
            s.setMarker(SeriesMarkers.NONE);
            for (double v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        addSelectedLine(chart, x[path.selected()], lo, hi);
        return chart;
    }

    private static XYChart cvChart(PathResult path) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(path.folds() + "-fold cross-validation (" + path.rule().cliName() + ")")
                .xAxisTitle("log(lambda)").yAxisTitle("held-out deviance").build();
        chart.getStyler().setLegendVisible(false);
        List<PathPoint> pts = path.points();
        double[] x = pts.stream().mapToDouble(pt -> Math.log(Math.max(pt.lambda(), 1e-300))).toArray();
        double[] y = pts.stream().mapToDouble(PathPoint::cvMean).toArray();
        double[] se = pts.stream().mapToDouble(PathPoint::cvSe).toArray();
        XYSeries s = chart.addSeries("cv", x, y, se);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(Color.RED);
        s.setLineColor(Color.RED);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < y.length; l++) {
            lo = Math.min(lo, y[l] - se[l]);
            hi = Math.max(hi, y[l] + se[l]);
        }
        addSelectedLine(chart, x[path.selected()], lo, hi);
        return chart;
    }

    private static void addSelectedLine(XYChart chart, double x, double lo, double hi) {
        XYSeries line = chart.addSeries("selected", new double[] {x, x}, new double[] {lo, hi});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.GRAY);
        line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }

    private static double peak(double[] y) {
        double m = 0;
        for (double v : y) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
