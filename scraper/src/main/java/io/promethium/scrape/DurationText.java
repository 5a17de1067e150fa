package io.promethium.scrape;

/**
 * Prometheus's {@code model.Duration} text form, used for {@code __scrape_interval__} and
 * {@code __scrape_timeout__} labels: units y w d h m s ms in that order, each at most once.
 */
final class DurationText {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};

  private DurationText() {}

  static String format(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < UNITS.length; i++) {
      long n = ms / MS[i];
      if (n > 0) {
        sb.append(n).append(UNITS[i]);
        ms -= n * MS[i];
      }
    }
    return sb.toString();
  }

  /** Milliseconds, or throws with Prometheus's {@code not a valid duration string: "x"}. */
  static long parse(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(s);
    }
    long total = 0;
    int pos = 0;
    int next = 0;
    while (pos < s.length()) {
      int start = pos;
      while (pos < s.length() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
        pos++;
      }
      if (pos == start || pos - start > 18) {
        throw invalid(s);
      }
      long n = Long.parseLong(s, start, pos, 10);
      int us = pos;
      while (pos < s.length() && !(s.charAt(pos) >= '0' && s.charAt(pos) <= '9')) {
        pos++;
      }
      String unit = s.substring(us, pos);
      int u = -1;
      for (int i = next; i < UNITS.length; i++) {
        if (UNITS[i].equals(unit)) {
          u = i;
          break;
        }
      }
      if (u < 0) {
        throw invalid(s);
      }
      next = u + 1;
      total = Math.addExact(total, Math.multiplyExact(n, MS[u]));
    }
    return total;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
  }
}
