package io.promethium.config;

/**
 * Byte sizes as Prometheus reads them (alecthomas/units {@code ParseBase2Bytes}): base 1024,
 * units {@code B KB MB GB TB PB EB} (also {@code KiB}…{@code EiB}), combinable ({@code 1MB512KB});
 * a bare {@code 0} is zero and a number without unit is rejected, as in Prometheus.
 */
public final class ByteSize {

  private static final String PREFIXES = "KMGTPE";

  private ByteSize() {}

  /** Parses {@code s} into bytes; throws IllegalArgumentException with the units library wording. */
  public static long parse(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("units: invalid " + s);
    }
    int pos = 0;
    boolean negative = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      negative = s.charAt(0) == '-';
      pos++;
    }
    double total = 0;
    while (pos < s.length()) {
      int start = pos;
      while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("units: invalid " + s);
      }
      double n;
      try {
        n = Double.parseDouble(s.substring(start, pos));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("units: invalid " + s, e);
      }
      int unitStart = pos;
      while (pos < s.length() && !Character.isDigit(s.charAt(pos)) && s.charAt(pos) != '.') {
        pos++;
      }
      String unit = s.substring(unitStart, pos);
      long mult = unitMultiplier(unit);
      if (mult < 0) {
        throw new IllegalArgumentException("units: unknown unit " + unit + " in " + s);
      }
      total += n * mult;
    }
    if (total > Long.MAX_VALUE) {
      throw new IllegalArgumentException("units: overflow in " + s);
    }
    long v = (long) total;
    return negative ? -v : v;
  }

  private static long unitMultiplier(String unit) {
    if (unit.equals("B")) {
      return 1;
    }
    if (unit.length() < 2 || unit.length() > 3) {
      return -1;
    }
    int p = PREFIXES.indexOf(unit.charAt(0));
    if (p < 0) {
      return -1;
    }
    String rest = unit.substring(1);
    if (!rest.equals("B") && !rest.equals("iB")) {
      return -1;
    }
    return 1L << (10 * (p + 1));
  }

  /** Formats like Prometheus' YAML output ({@code Base2Bytes.String}): {@code 10MiB}, {@code 1KiB512B}. */
  public static String format(long bytes) {
    if (bytes == 0) {
      return "0B";
    }
    StringBuilder sb = new StringBuilder();
    long v = bytes;
    if (v < 0) {
      sb.append('-');
      v = -v;
    }
    for (int p = PREFIXES.length() - 1; p >= 0; p--) {
      long unit = 1L << (10 * (p + 1));
      if (v >= unit) {
        sb.append(v / unit).append(PREFIXES.charAt(p)).append("iB");
        v %= unit;
      }
    }
    if (v > 0) {
      sb.append(v).append('B');
    }
    return sb.toString();
  }
}
