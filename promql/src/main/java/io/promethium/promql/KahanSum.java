package io.promethium.promql;

/** Kahan-Babuska compensated summation step, as Prometheus uses for *_over_time. */
final class KahanSum {
  private KahanSum() {}

  /** Returns {newSum, newCompensation}. Small array per call; escape analysis removes it in hot loops. */
  static double[] inc(double inc, double sum, double c) {
    double t = sum + inc;
    if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    return new double[] {t, c};
  }
}
