package io.broadside.common.summary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The findings of a many-model scale study from each model's creation and ready times and the
 * merged histogram of its validation requests. Pure.
 */
public final class ScaleStudy {
  private ScaleStudy() {}

  /**
   * One model as the coordinator saw it: epoch µs, null when it has not happened.
   *
   * @param error nullable: why it was not created (its hook failed)
   */
  public record ModelTimes(String name, Long createdUs, Long readyUs, String error) {}

  /**
   * @param startUs the run's start (epoch µs): times are reported from it
   * @param validationE2e nullable: the e2e latency of every validation request, µs
   * @param over whether the study has ended (models not ready now never will be)
   */
  public static Summary.Scale summarize(
      List<ModelTimes> models, long startUs, Histogram validationE2e, boolean over) {
    int created = 0;
    int ready = 0;
    List<Double> ttr = new ArrayList<>();
    List<Summary.ModelReadiness> rows = new ArrayList<>();
    TreeMap<Long, int[]> events = new TreeMap<>();
    List<String> notReady = new ArrayList<>();
    for (ModelTimes m : models) {
      if (m.createdUs() != null) {
        created++;
        events.computeIfAbsent(Math.max(m.createdUs(), startUs), k -> new int[2])[0]++;
      }
      Double readyS = null;
      Double t = null;
      if (m.readyUs() != null) {
        ready++;
        events.computeIfAbsent(m.readyUs(), k -> new int[2])[1]++;
        readyS = (m.readyUs() - startUs) / 1e6;
        if (m.createdUs() != null) {
          t = Math.max(0, (m.readyUs() - m.createdUs()) / 1e6);
          ttr.add(t);
        }
      } else {
        notReady.add(m.name());
      }
      rows.add(
          new Summary.ModelReadiness(
              m.name(),
              m.createdUs() == null ? null : (m.createdUs() - startUs) / 1e6,
              readyS,
              t,
              m.error() != null
                  ? m.error()
                  : over && m.readyUs() == null ? "not ready by the timeout" : null));
    }
    List<Summary.CurvePoint> curve = new ArrayList<>();
    int c = 0;
    int r = 0;
    curve.add(new Summary.CurvePoint(0, 0, 0));
    for (var e : events.entrySet()) {
      c += e.getValue()[0];
      r += e.getValue()[1];
      double at = (e.getKey() - startUs) / 1e6;
      if (at <= 0) {
        curve.set(0, new Summary.CurvePoint(0, c, r));
      } else {
        curve.add(new Summary.CurvePoint(at, c, r));
      }
    }
    Summary.Spread spread = spread(ttr.stream().mapToDouble(Double::doubleValue).toArray());
    String verdict =
        String.format(
                Locale.ROOT,
                "%d of %d models ready%s",
                ready,
                models.size(),
                spread.count() == 0
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "; time to ready min %.2f s, Q1 %.2f, median %.2f, Q3 %.2f, p90 %.2f, max %.2f s",
                        spread.min(),
                        spread.q1(),
                        spread.median(),
                        spread.q3(),
                        spread.p90(),
                        spread.max()))
            + (notReady.isEmpty() || !over
                ? ""
                : "; not ready: "
                    + String.join(", ", notReady.subList(0, Math.min(5, notReady.size())))
                    + (notReady.size() > 5 ? " and " + (notReady.size() - 5) + " more" : ""));
    return new Summary.Scale(
        models.size(),
        created,
        ready,
        models.size() - ready,
        spread,
        spread(validationE2e),
        curve,
        rows,
        verdict);
  }

  /** The six numbers of {@code values}, quartiles interpolated between order statistics. */
  public static Summary.Spread spread(double[] values) {
    if (values.length == 0) {
      return new Summary.Spread(0, null, null, null, null, null, null);
    }
    double[] v = values.clone();
    Arrays.sort(v);
    return new Summary.Spread(
        v.length,
        v[0],
        quantile(v, 0.25),
        quantile(v, 0.5),
        quantile(v, 0.75),
        quantile(v, 0.9),
        v[v.length - 1]);
  }

  /** The six numbers of a histogram of µs, in seconds. */
  public static Summary.Spread spread(Histogram us) {
    if (us == null || us.getTotalCount() == 0) {
      return new Summary.Spread(0, null, null, null, null, null, null);
    }
    return new Summary.Spread(
        us.getTotalCount(),
        us.getMinValue() / 1e6,
        us.getValueAtPercentile(25) / 1e6,
        us.getValueAtPercentile(50) / 1e6,
        us.getValueAtPercentile(75) / 1e6,
        us.getValueAtPercentile(90) / 1e6,
        us.getMaxValue() / 1e6);
  }

  /** The q-quantile of sorted values, linear between order statistics (R's type 7). */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
