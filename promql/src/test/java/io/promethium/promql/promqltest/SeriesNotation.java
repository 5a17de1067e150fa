package io.promethium.promql.promqltest;

import io.promethium.tsdb.StaleNaN;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands promqltest value sequences ({@code 0+10x100}, {@code 1x4}, {@code _}, {@code _x3},
 * {@code stale}). Missing points are null. Hexadecimal is never a number here: {@code 0x10} is
 * "0 repeated", as in Prometheus's lexer for series descriptions.
 */
final class SeriesNotation {
  private SeriesNotation() {}

  static List<Double> expand(String text) {
    List<Double> out = new ArrayList<>();
    for (String tok : text.trim().split("\\s+")) {
      if (tok.isEmpty()) {
        continue;
      }
      if (tok.equals("_")) {
        out.add(null);
      } else if (tok.startsWith("_x")) {
        int n = Integer.parseInt(tok.substring(2));
        for (int i = 0; i < n; i++) {
          out.add(null);
        }
      } else if (tok.equals("stale")) {
        out.add(StaleNaN.VALUE);
      } else if (tok.startsWith("stalex")) {
        int n = Integer.parseInt(tok.substring(6));
        for (int i = 0; i <= n; i++) {
          out.add(StaleNaN.VALUE);
        }
      } else {
        expandNumber(tok, out);
      }
    }
    return out;
  }

  private static void expandNumber(String tok, List<Double> out) {
    int x = tok.lastIndexOf('x');
    if (x <= 0 || !isDigits(tok.substring(x + 1))) {
      out.add(number(tok));
      return;
    }
    int n = Integer.parseInt(tok.substring(x + 1));
    String head = tok.substring(0, x);
    // Find the operator between start and increment: a + or - that is not a sign or exponent sign.
    int op = -1;
    for (int i = 1; i < head.length(); i++) {
      char c = head.charAt(i);
      char prev = head.charAt(i - 1);
      if ((c == '+' || c == '-') && prev != 'e' && prev != 'E' && prev != '+' && prev != '-') {
        op = i;
        break;
      }
    }
    double start;
    double inc;
    if (op < 0) {
      start = number(head);
      inc = 0;
    } else {
      start = number(head.substring(0, op));
      inc = number(head.substring(op + 1));
      if (head.charAt(op) == '-') {
        inc = -inc;
      }
    }
    double v = start;
    for (int i = 0; i <= n; i++) {
      out.add(v);
      v += inc;
    }
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static double number(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    return switch (l) {
      case "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan", "+nan", "-nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }
}
