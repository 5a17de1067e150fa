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

  int size() {
    return to - from;
  }
}
