package io.promethium.promql;

/** Kahan-Babuska compensated summation, as Prometheus uses for *_over_time and regression. */
final class KahanSum {
  private KahanSum() {}

  /**
   * The compensation to add after {@code t = sum + inc}; callers keep sum and compensation in
   * locals so that the hot loops allocate nothing.
   */
  static double compensation(double sum, double inc, double t) {
    return Math.abs(sum) >= Math.abs(inc) ? (sum - t) + inc : (inc - t) + sum;
  }
}
