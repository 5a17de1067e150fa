package io.promethium.promql;

import io.promethium.tsdb.Labels;

/**
 * One series of an instant-vector expression evaluated over all steps of a query: a value slot per
 * step and a presence flag. One allocation per series, however many steps.
 *
 * <p>Series that a function derived by dropping the metric name keep their input's labels and
 * build the name-less set only when asked: building it hashes every label string, which for
 * Istio-sized label sets (1 KB) costs more than the function itself, and an enclosing
 * aggregation usually needs only its grouping labels ({@link #labelsIgnoringName()}).
 */
final class StepSeries {
  private Labels labels;
  private final Labels withName;
  final double[] vals;
  final boolean[] has;
  int count;

  StepSeries(Labels labels, int steps) {
    this.labels = labels;
    this.withName = null;
    this.vals = new double[steps];
    this.has = new boolean[steps];
  }

  private StepSeries(int steps, Labels withName) {
    this.withName = withName;
    this.vals = new double[steps];
    this.has = new boolean[steps];
  }

  /** A series whose labels are {@code input}'s without {@code __name__}. */
  static StepSeries droppingName(Labels input, int steps) {
    return input.get(Labels.METRIC_NAME).isEmpty() ? new StepSeries(input, steps) : new StepSeries(steps, input);
  }

  Labels labels() {
    Labels l = labels;
    if (l == null) {
      l = withName.withoutMetricName();
      labels = l;
    }
    return l;
  }

  /**
   * The labels, or the input's labels still carrying {@code __name__}: equivalent for anything
   * that ignores or drops the metric name (grouping by labels other than it, or without).
   */
  Labels labelsIgnoringName() {
    return labels != null ? labels : withName;
  }
}
