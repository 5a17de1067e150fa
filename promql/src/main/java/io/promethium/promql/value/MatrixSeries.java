package io.promethium.promql.value;

import io.promethium.tsdb.Labels;

/** One series of a range result: parallel primitive arrays of timestamps (ms) and values. */
public record MatrixSeries(Labels labels, long[] ts, double[] vs) {
  public int size() {
    return ts.length;
  }
}
