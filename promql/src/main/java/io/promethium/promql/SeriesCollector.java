package io.promethium.promql;

import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Gathers per-step outputs into series keyed by labels. Two outputs with the same labels at the
 * same step are the error Prometheus reports after each step of rangeEval.
 */
final class SeriesCollector {
  private final int steps;
  private final HashMap<Labels, StepSeries> byLabels = new HashMap<>();
  private final List<StepSeries> ordered = new ArrayList<>();
  private final EvalContext ctx;
  /** False while {@link #byLabels} lacks the series {@link #seriesDroppingName} added unlooked-up. */
  private boolean indexed = true;
  /** While not indexed: the metric name shared by every input of {@link #seriesDroppingName}. */
  private String sharedName;

  SeriesCollector(EvalContext ctx, int steps) {
    this.ctx = ctx;
    this.steps = steps;
  }

  StepSeries series(Labels labels) {
    if (!indexed) {
      index();
    }
    StepSeries s = byLabels.get(labels);
    if (s == null) {
      s = new StepSeries(labels, steps);
      byLabels.put(labels, s);
      ordered.add(s);
    }
    return s;
  }

  /**
   * The output series for {@code input} without its metric name. The caller passes each input
   * label set once, and they are distinct (a vector's): while all share one metric name, dropping
   * it cannot make two equal, so no lookup (and no hashing of the name-less set) is needed. The
   * first differing name indexes what was added and falls back to {@link #series}.
   */
  StepSeries seriesDroppingName(Labels input) {
    String name = input.metricName();
    if (ordered.isEmpty()) {
      indexed = false;
      sharedName = name;
    }
    if (!indexed && name.equals(sharedName)) {
      StepSeries s = StepSeries.droppingName(input, steps);
      ordered.add(s);
      return s;
    }
    return series(input.withoutMetricName());
  }

  private void index() {
    for (StepSeries s : ordered) {
      byLabels.put(s.labels(), s);
    }
    indexed = true;
  }

  void put(StepSeries s, int step, double v) {
    put(s, step, v, "vector cannot contain metrics with the same labelset");
  }

  void put(StepSeries s, int step, double v, String duplicateMessage) {
    if (s.has[step]) {
      throw new QueryExecutionException(duplicateMessage);
    }
    s.has[step] = true;
    s.vals[step] = v;
    s.count++;
    ctx.addSamples(1);
  }

  List<StepSeries> result() {
    List<StepSeries> out = new ArrayList<>(ordered.size());
    for (StepSeries s : ordered) {
      if (s.count > 0) {
        out.add(s);
      }
    }
    return out;
  }
}
