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

  SeriesCollector(EvalContext ctx, int steps) {
    this.ctx = ctx;
    this.steps = steps;
  }

  StepSeries series(Labels labels) {
    StepSeries s = byLabels.get(labels);
    if (s == null) {
      s = new StepSeries(labels, steps);
      byLabels.put(labels, s);
      ordered.add(s);
    }
    return s;
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
