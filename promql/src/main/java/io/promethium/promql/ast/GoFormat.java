package io.promethium.promql.ast;

import java.math.BigDecimal;

/**
 * Renders numbers, durations and strings exactly as Prometheus (Go) does, so that printed
 * expressions and API output match byte for byte.
 */
public final class GoFormat {
  private GoFormat() {}

  /** Go's {@code %v} for a float64: shortest round-trip digits, exponent form when exp &lt; -4 or exp &gt;= 6. */
  public static String formatFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int dp = digits.length() - bd.scale(); // position of decimal point relative to digits start
    int exp = dp - 1;
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    if (exp < -4 || exp >= 6) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        sb.append('0');
      }
      sb.append(ae);
    } else if (dp <= 0) {
      sb.append("0.");
      for (int i = 0; i < -dp; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (dp >= digits.length()) {
      sb.append(digits);
      for (int i = digits.length(); i < dp; i++) {
        sb.append('0');
      }
    } else {
      sb.append(digits, 0, dp).append('.').append(digits, dp, digits.length());
    }
    return sb.toString();
  }

  /** Prometheus's model.Duration rendering: {@code 1h30m}, {@code 90d}, {@code 0s}. */
  public static String formatDuration(long ms) {
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    long[] mult = {365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};
    String[] unit = {"y", "w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < mult.length; i++) {
      if (i < 2 && ms % mult[i] != 0) {
        continue; // years and weeks only when exact, as Prometheus prints 90d rather than 12w6d
      }
      long n = ms / mult[i];
      if (n > 0) {
        sb.append(n).append(unit[i]);
        ms -= n * mult[i];
      }
    }
    return sb.toString();
  }

  /** Go's {@code %q}: double-quoted with backslash escapes for quotes, backslashes and control characters. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 7 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case 11 -> sb.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
