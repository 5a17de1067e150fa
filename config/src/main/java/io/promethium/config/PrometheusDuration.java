package io.promethium.config;

import java.time.Duration;

/**
 * Prometheus' duration syntax ({@code model.Duration}): a sequence of {@code <int><unit>} with
 * units {@code y w d h m s ms}, each at most once and in that order ({@code 1h30m}, {@code 500ms},
 * {@code 1y}); a bare {@code 0} is zero. A year is 365 days, as in Prometheus.
 */
public final class PrometheusDuration {

  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MILLIS = {
    365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000L, 60_000L, 1000L, 1L
  };

  private PrometheusDuration() {}

  /** Parses {@code s}; throws IllegalArgumentException with Prometheus' message on bad input. */
  public static Duration parse(String s) {
    if (s == null) {
      throw invalid("");
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(s);
    }
    long total = 0;
    int pos = 0;
    int nextUnit = 0; // units must appear in decreasing order, each once
    while (pos < s.length()) {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start || pos - start > 18) {
        throw invalid(s);
      }
      long n = Long.parseLong(s, start, pos, 10);
      int unitStart = pos;
      while (pos < s.length() && (s.charAt(pos) < '0' || s.charAt(pos) > '9')) {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      int u = -1;
      for (int i = nextUnit; i < UNITS.length; i++) {
        if (UNITS[i].equals(unit)) {
          u = i;
          break;
        }
      }
      if (u < 0) {
        throw invalid(s);
      }
      nextUnit = u + 1;
      try {
        total = Math.addExact(total, Math.multiplyExact(n, UNIT_MILLIS[u]));
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration out of range", e);
      }
    }
    return Duration.ofMillis(total);
  }

  /**
   * Formats like Prometheus (prometheus/common model.Duration): largest units first, zero units left
   * out, {@code 0s} for zero; years and weeks only when they divide exactly ({@code 15d}, not
   * {@code 2w1d}).
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    for (int i = 0; i < UNITS.length; i++) {
      if (i < 2 && ms % UNIT_MILLIS[i] != 0) {
        continue;
      }
      long n = ms / UNIT_MILLIS[i];
      if (n > 0) {
        sb.append(n).append(UNITS[i]);
        ms -= n * UNIT_MILLIS[i];
      }
    }
    return sb.toString();
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
  }
}
