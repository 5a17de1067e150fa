package io.promethium.promql;

import java.util.Arrays;

/** Prometheus's quantile over plain values (quantile aggregation and quantile_over_time). */
final class Quantile {
  private Quantile() {}

  /** Sorts {@code values[0..n)} in place and interpolates linearly between closest ranks. */
  static double of(double q, double[] values, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    Arrays.sort(values, 0, n);
    // Go's sort with Prometheus's Less puts NaN first; Java puts it last. Rotate to match.
    int nan = 0;
    while (nan < n && Double.isNaN(values[n - 1 - nan])) {
      nan++;
    }
    if (nan > 0 && nan < n) {
      System.arraycopy(values, 0, values, nan, n - nan);
      Arrays.fill(values, 0, nan, Double.NaN);
    }
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }
}
