package io.promethium.promql.parser;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decoding of PromQL number, string and duration literals (Go syntax, as Prometheus uses). */
final class Literals {
  private static final long[] UNIT_MS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

  private Literals() {}

  static double parseNumber(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (lower.startsWith("0x")) {
      return (double) Long.parseUnsignedLong(lower.substring(2), 16);
    }
    return Double.parseDouble(s);
  }

  /**
   * Prometheus's model.ParseDuration: units y w d h m s ms, each at most once, largest first.
   *
   * @return milliseconds, or -1 when the text is not a valid duration
   */
  static long parseDuration(String s) {
    int i = 0;
    int n = s.length();
    int lastUnit = -1;
    long total = 0;
    if (n == 0) {
      return -1;
    }
    while (i < n) {
      int start = i;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (i == start || i == n) {
        return -1;
      }
      long num;
      try {
        num = Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        return -1;
      }
      int unit;
      if (s.startsWith("ms", i)) {
        unit = 6;
        i += 2;
      } else {
        unit = switch (s.charAt(i)) {
          case 'y' -> 0;
          case 'w' -> 1;
          case 'd' -> 2;
          case 'h' -> 3;
          case 'm' -> 4;
          case 's' -> 5;
          default -> -1;
        };
        i++;
      }
      if (unit <= lastUnit) {
        return -1;
      }
      lastUnit = unit;
      total += num * UNIT_MS[unit];
    }
    return total;
  }

  static String unitName(int i) {
    return UNITS[i];
  }

  /**
   * Unquotes a "..." or '...' literal with Go escapes, or a raw `...` literal.
   *
   * @throws IllegalArgumentException with the reason for invalid escapes
   */
  static String unquote(String lit) {
    char q = lit.charAt(0);
    String body = lit.substring(1, lit.length() - 1);
    if (q == '`') {
      return body;
    }
    if (body.indexOf('\\') < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c != '\\') {
        int cp = body.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new IllegalArgumentException("invalid syntax");
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write(8);
        case 'f' -> out.write(12);
        case 'n' -> out.write(10);
        case 'r' -> out.write(13);
        case 't' -> out.write(9);
        case 'v' -> out.write(11);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != q) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(e);
        }
        case 'x' -> {
          out.write(hex(body, i, 2));
          i += 2;
        }
        case 'u', 'U' -> {
          int len = e == 'u' ? 4 : 8;
          int cp = hex(body, i, len);
          i += len;
          byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
          out.write(b, 0, b.length);
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            throw new IllegalArgumentException("invalid syntax");
          }
          int v = 0;
          for (int k = i - 1; k < i + 2; k++) {
            char d = body.charAt(k);
            if (d < '0' || d > '7') {
              throw new IllegalArgumentException("invalid syntax");
            }
            v = v * 8 + (d - '0');
          }
          if (v > 255) {
            throw new IllegalArgumentException("invalid syntax");
          }
          out.write(v);
          i += 2;
        }
        default -> throw new IllegalArgumentException(
            String.format("unknown escape sequence U+%04X '%c'", (int) e, e));
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int from, int len) {
    if (from + len > s.length()) {
      throw new IllegalArgumentException("invalid syntax");
    }
    int v = 0;
    for (int k = from; k < from + len; k++) {
      int d = Character.digit(s.charAt(k), 16);
      if (d < 0) {
        throw new IllegalArgumentException("invalid syntax");
      }
      v = v * 16 + d;
    }
    return v;
  }
}
