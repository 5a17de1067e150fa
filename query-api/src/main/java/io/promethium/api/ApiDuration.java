package io.promethium.api;

import io.promethium.config.PrometheusDuration;
import java.time.Duration;

/**
 * Duration parameters ({@code step}, {@code timeout}) as Prometheus's API reads them: float seconds
 * ({@code 15}, {@code 0.5}) or a Prometheus duration ({@code 1m30s}, {@code 1h}; parsed by the
 * config module's {@link PrometheusDuration}). Results are nanoseconds, like Go's time.Duration, so
 * the 11,000-point check divides exactly as Prometheus does.
 */
final class ApiDuration {
  private static final long MS = 1_000_000L;

  private ApiDuration() {}

  /**
   * Parses a duration to nanoseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message {@code cannot parse "x" to a valid duration}
   */
  static long parseNanos(String s) {
    if (PrometheusTime.isDecimalFloat(s)) {
      double ns = Double.parseDouble(s) * 1e9;
      if (ns > 9.223372036854775807e18 || ns < -9.223372036854775808e18) {
        throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration. It overflows int64");
      }
      return (long) ns;
    }
    try {
      // Must also fit as nanoseconds, like time.Duration.
      return Math.multiplyExact(PrometheusDuration.parse(s).toMillis(), MS);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration", e);
    }
  }

  /** Prometheus's rendering of a millisecond duration: {@code 1h30m}, {@code 15s}, {@code 0s}. */
  static String format(long ms) {
    return PrometheusDuration.format(Duration.ofMillis(ms));
  }
}
