package io.promethium.promql;

/**
 * The samples one range function sees at one step: {@code ts[from..to)} within
 * [rangeStart, rangeEnd], plus the step's scalar arguments. The function writes {@link #out}.
 */
final class Window {
  long[] ts;
  double[] vs;
  int from;
  int to;
  long evalTs;
  long rangeStart;
  long rangeEnd;
  long rangeMs;
  double p0;
  double p1;
  double out;
  double slope;
  double intercept;
  double[] scratch = new double[64]; // reused by quantile_over_time

  int size() {
    return to - from;
  }
}
