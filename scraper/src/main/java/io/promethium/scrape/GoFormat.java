package io.promethium.scrape;

import java.math.BigDecimal;

/**
 * Go's text forms used in the self-metrics exposition: {@code strconv.FormatFloat(v, 'g', -1, 64)}
 * for sample values (so 1000000 renders as {@code 1e+06}, exactly as Prometheus's own /metrics)
 * and {@code time.Duration.String()} for the {@code interval} label ({@code 1m0s}, {@code 500ms}).
 */
final class GoFormat {
  private GoFormat() {}

  static void appendFloat(StringBuilder out, double v) {
    if (Double.isNaN(v)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      out.append(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    if (v == 0) {
      out.append(1 / v < 0 ? "-0" : "0");
      return;
    }
    if (v < 0) {
      out.append('-');
      v = -v;
    }
    // Double.toString yields the shortest round-tripping digits (JDK 19+), as Go's shortest mode.
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
    if (exp < -4 || exp >= 6) { // Go's shortest 'g' switches to exponent form at 1e+06
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        out.append('0');
      }
      out.append(a);
      return;
    }
    appendPlain(out, digits, exp);
  }

  private static void appendPlain(StringBuilder out, String digits, int exp) {
    if (exp < 0) {
      out.append("0.");
      for (int i = -1; i > exp; i--) {
        out.append('0');
      }
      out.append(digits);
      return;
    }
    if (digits.length() <= exp + 1) {
      out.append(digits);
      for (int i = digits.length(); i <= exp; i++) {
        out.append('0');
      }
      return;
    }
    out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
  }

  static String duration(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (millis < 0) {
      sb.append('-');
      millis = -millis;
    }
    if (millis < 1000) {
      return sb.append(millis).append("ms").toString();
    }
    long h = millis / 3_600_000;
    long m = millis / 60_000 % 60;
    long s = millis / 1000 % 60;
    long ms = millis % 1000;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (h > 0 || m > 0) {
      sb.append(m).append('m');
    }
    sb.append(s);
    if (ms > 0) {
      String frac = String.format("%03d", ms);
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(frac, 0, end);
    }
    return sb.append('s').toString();
  }
}
