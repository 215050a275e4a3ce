package io.broadside.coordinator.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One chart of the report as plain data, drawn by report.js with Chart.js: a line chart over a
 * linear x axis (points {@code {x, y}}) or a bar chart over labels, with optional second y axis and
 * marks (a labelled vertical line at {@code x}, or a labelled dot at {@code x, y}).
 */
final class Chart {
  final Map<String, Object> spec = new LinkedHashMap<>();
  private final List<Map<String, Object>> datasets = new ArrayList<>();
  private final List<Map<String, Object>> marks = new ArrayList<>();

  private Chart(String id, String kind, String title, String xLabel, String yLabel) {
    spec.put("id", id);
    spec.put("kind", kind);
    spec.put("title", title);
    spec.put("xLabel", xLabel);
    spec.put("yLabel", yLabel);
    spec.put("datasets", datasets);
    spec.put("marks", marks);
  }

  static Chart line(String id, String title, String xLabel, String yLabel) {
    return new Chart(id, "line", title, xLabel, yLabel);
  }

  static Chart bar(String id, String title, List<String> labels, String xLabel, String yLabel) {
    Chart c = new Chart(id, "bar", title, xLabel, yLabel);
    c.spec.put("labels", labels);
    return c;
  }

  String id() {
    return (String) spec.get("id");
  }

  Chart y2(String label) {
    spec.put("y2Label", label);
    return this;
  }

  Chart stepped() {
    spec.put("stepped", true);
    return this;
  }

  /** Points {@code [x, y]} on the first (or second) y axis. */
  Chart series(String label, List<double[]> points, boolean secondAxis) {
    List<Map<String, Double>> data = new ArrayList<>();
    for (double[] p : points) {
      data.add(Map.of("x", p[0], "y", p[1]));
    }
    return add(label, data, secondAxis, null);
  }

  /** Values per label (bar charts); {@code as} draws the series as {@code line} over the bars. */
  Chart values(String label, List<Double> values, boolean secondAxis, String as) {
    return add(label, values, secondAxis, as);
  }

  private Chart add(String label, Object data, boolean secondAxis, String as) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("label", label);
    d.put("data", data);
    d.put("axis", secondAxis ? "y2" : "y");
    if (as != null) {
      d.put("type", as);
    }
    datasets.add(d);
    return this;
  }

  Chart markX(double x, String label) {
    marks.add(Map.of("x", x, "label", label));
    return this;
  }

  Chart markPoint(double x, double y, String label) {
    marks.add(Map.of("x", x, "y", y, "label", label));
    return this;
  }

  boolean empty() {
    return datasets.isEmpty();
  }
}
