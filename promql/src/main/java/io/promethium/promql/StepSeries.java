package io.promethium.promql;

import io.promethium.tsdb.Labels;

/**
 * One series of an instant-vector expression evaluated over all steps of a query: a value slot per
 * step and a presence flag. One allocation per series, however many steps.
 */
final class StepSeries {
  final Labels labels;
  final double[] vals;
  final boolean[] has;
  int count;

  StepSeries(Labels labels, int steps) {
    this.labels = labels;
    this.vals = new double[steps];
    this.has = new boolean[steps];
  }
}
