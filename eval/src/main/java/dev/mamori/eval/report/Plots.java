package dev.mamori.eval.report;

import dev.mamori.eval.metrics.Proportion;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * PNG charts for reports, drawn off-screen with XChart: training curves, bar charts (e.g. per-class accuracy) and
 * robust accuracy against the attack budget. For anything else, build an XChart chart yourself and pass it to
 * {@link #render}.
 */
public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    static {
        Headless.ensure();
    }

    private Plots() {}

    /** A line chart with markers; the caption is the title. */
    public static Figure line(String fileName, String title, String xLabel, String yLabel, List<Series> series) {
        XYChart chart = xyChart(title, xLabel, yLabel);
        requireSeries(title, series);
        for (Series s : series) chart.addSeries(s.name(), s.x(), s.y());
        return render(fileName, title, chart, texts(title, xLabel, yLabel, series));
    }

    /**
     * Training curves per epoch: {@code left} series (e.g. losses) on the left axis, {@code right} series (e.g.
     * accuracies) on a second axis on the right, since their scales differ. Either map may be empty.
     */
    public static Figure trainingCurves(String fileName, String title,
                                        String leftLabel, Map<String, double[]> left,
                                        String rightLabel, Map<String, double[]> right) {
        if (left.isEmpty() && right.isEmpty()) throw new IllegalArgumentException("training curves '" + title + "' have no series");
        XYChart chart = xyChart(title, "epoch", leftLabel);
        List<String> drawn = new ArrayList<>(List.of(title, "epoch", leftLabel));
        left.forEach((name, values) -> {
            chart.addSeries(name, Series.perEpoch(name, values).x(), values).setYAxisGroup(0);
            drawn.add(name);
        });
        if (!right.isEmpty()) {
            chart.setYAxisGroupTitle(1, rightLabel);
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
            drawn.add(rightLabel);
            right.forEach((name, values) -> {
                chart.addSeries(name, Series.perEpoch(name, values).x(), values).setYAxisGroup(1);
                drawn.add(name);
            });
        }
        chart.setYAxisGroupTitle(0, leftLabel);
        return render(fileName, title, chart, drawn);
    }

    /** One bar per category. */
    public static Figure bar(String fileName, String title, String xLabel, String yLabel, List<String> categories, double[] values) {
        if (categories.isEmpty() || categories.size() != values.length) {
            throw new IllegalArgumentException("bar chart '" + title + "': need one value per category, got "
                    + categories.size() + " categories and " + values.length + " values");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        if (categories.size() > 10) chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries(yLabel, new ArrayList<>(categories), Arrays.stream(values).boxed().toList());
        List<String> drawn = new ArrayList<>(List.of(title, xLabel, yLabel));
        drawn.addAll(categories);
        return render(fileName, title, chart, drawn);
    }

    /** Per-class accuracy in percent; classes without examples are drawn as 0 and named "(no examples)". */
    public static Figure perClassAccuracy(String fileName, String title, List<String> classNames, Proportion[] perClass) {
        if (classNames.size() != perClass.length) {
            throw new IllegalArgumentException("per-class accuracy '" + title + "': " + classNames.size() + " class names for " + perClass.length + " classes");
        }
        List<String> labels = new ArrayList<>();
        double[] percent = new double[perClass.length];
        for (int c = 0; c < perClass.length; c++) {
            labels.add(perClass[c].isEmpty() ? classNames.get(c) + " (no examples)" : classNames.get(c));
            percent[c] = perClass[c].isEmpty() ? 0 : 100 * perClass[c].value();
        }
        return bar(fileName, title, "class", "accuracy (%)", labels, percent);
    }

    /**
     * Robust accuracy (percent) against the perturbation budget, one line per attack or model.
     *
     * @param accuracyByName for each line, one proportion per epsilon
     */
    public static Figure robustAccuracyVsEpsilon(String fileName, String title, String epsilonLabel, double[] epsilons,
                                                 Map<String, Proportion[]> accuracyByName) {
        List<Series> series = new ArrayList<>();
        accuracyByName.forEach((name, accuracies) -> {
            if (accuracies.length != epsilons.length) {
                throw new IllegalArgumentException("robust accuracy '" + name + "' has " + accuracies.length + " values for " + epsilons.length + " epsilons");
            }
            double[] percent = Arrays.stream(accuracies).mapToDouble(p -> 100 * p.value()).toArray();
            series.add(new Series(name, epsilons, percent));
        });
        XYChart chart = xyChart(title, epsilonLabel, "robust accuracy (%)");
        requireSeries(title, series);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        for (Series s : series) chart.addSeries(s.name(), s.x(), s.y());
        return render(fileName, title, chart, texts(title, epsilonLabel, "robust accuracy (%)", series));
    }

    /** Draws any XChart chart into a figure; {@code drawnText} should list the strings it shows (see {@link Figure}). */
    public static Figure render(String fileName, String caption, Chart<?, ?> chart, List<String> drawnText) {
        return new Figure(fileName, caption, BitmapEncoder.getBufferedImage(chart), drawnText);
    }

    private static XYChart xyChart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setAntiAlias(true);
    }

    private static void requireSeries(String title, List<Series> series) {
        if (series.isEmpty()) throw new IllegalArgumentException("chart '" + title + "' has no series");
    }

    private static List<String> texts(String title, String xLabel, String yLabel, List<Series> series) {
        List<String> drawn = new ArrayList<>(List.of(title, xLabel, yLabel));
        series.forEach(s -> drawn.add(s.name()));
        return drawn;
    }
}
