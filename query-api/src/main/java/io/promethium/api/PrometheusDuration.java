package io.promethium.api;

/**
 * Duration parameters ({@code step}, {@code timeout}) as Prometheus's API reads them: float seconds
 * ({@code 15}, {@code 0.5}) or a Prometheus duration ({@code 1m30s}, {@code 1h}; units y w d h m s ms,
 * each at most once and in that order). Results are nanoseconds, like Go's time.Duration, so the
 * 11,000-point check divides exactly as Prometheus does.
 */
public final class PrometheusDuration {
  private static final long MS = 1_000_000L;
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MS = {365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000,
      3600L * 1000, 60L * 1000, 1000L, 1L};

  private PrometheusDuration() {}

  /**
   * Parses a duration to nanoseconds.
   *
   * @throws IllegalArgumentException with Prometheus's message {@code cannot parse "x" to a valid duration}
   */
  public static long parseNanos(String s) {
    if (PrometheusTime.isDecimalFloat(s)) {
      double ns = Double.parseDouble(s) * 1e9;
      if (ns > 9.223372036854775807e18 || ns < -9.223372036854775808e18) {
        throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration. It overflows int64");
      }
      return (long) ns;
    }
    long ms = parseModelDurationMillis(s);
    if (ms < 0) {
      throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration");
    }
    return ms * MS;
  }

  /**
   * Prometheus's model.ParseDuration ({@code 5m}, {@code 1h30m}, {@code 0}) in milliseconds, or -1 when
   * the string is not such a duration or overflows.
   */
  public static long parseModelDurationMillis(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      return -1;
    }
    int i = 0;
    int unit = 0;
    long total = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start || i == s.length()) {
        return -1;
      }
      String digits = s.substring(start, i);
      int uStart = i;
      while (i < s.length() && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
        i++;
      }
      String u = s.substring(uStart, i);
      int found = -1;
      for (int k = unit; k < UNITS.length; k++) {
        if (UNITS[k].equals(u)) {
          found = k;
          break;
        }
      }
      if (found < 0) {
        return -1;
      }
      unit = found + 1;
      long n;
      try {
        n = Long.parseLong(digits);
        total = Math.addExact(total, Math.multiplyExact(n, UNIT_MS[found]));
        Math.multiplyExact(total, MS); // must also fit as nanoseconds, like time.Duration
      } catch (ArithmeticException | NumberFormatException e) {
        return -1;
      }
    }
    return total;
  }

  /** Prometheus's rendering of a millisecond duration: {@code 1h30m}, {@code 15s}, {@code 0s}. */
  public static String format(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long rest = ms;
    if (rest < 0) {
      sb.append('-');
      rest = -rest;
    }
    for (int k = 0; k < UNITS.length; k++) {
      if (k < 2 && rest % UNIT_MS[k] != 0) {
        continue; // years and weeks only when exact: "90d" reads better than "12w6d"
      }
      long n = rest / UNIT_MS[k];
      if (n > 0) {
        sb.append(n).append(UNITS[k]);
        rest -= n * UNIT_MS[k];
      }
    }
    return sb.toString();
  }
}
