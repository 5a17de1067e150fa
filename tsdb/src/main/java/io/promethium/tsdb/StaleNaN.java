package io.promethium.tsdb;

/**
 * Prometheus's staleness marker: a NaN with a specific bit pattern that ends a series. Ordinary
 * NaN values are not stale; compare bits, never values.
 */
public final class StaleNaN {
  public static final long BITS = 0x7ff0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleNaN() {}

  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
