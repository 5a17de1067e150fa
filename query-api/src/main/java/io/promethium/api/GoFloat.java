package io.promethium.api;

/**
 * Float rendering identical to Go's {@code strconv.FormatFloat(v, fmt, -1, 64)}: the shortest
 * decimal that round-trips (Java's {@link Double#toString} gives the same digits since JDK 19), laid
 * out the Go way. Prometheus's JSON uses {@code 'f'} for {@code 1e-6 <= |v| < 1e21} and {@code 'e'}
 * otherwise (util/jsonutil); the text exposition format uses {@code 'g'} (so 1e+06).
 */
public final class GoFloat {
  private GoFloat() {}

  /** A sample value as the JSON API writes it (without quotes): {@code 1e-07}, {@code 0.1}, {@code +Inf}. */
  public static String json(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    double abs = Math.abs(v);
    if (abs == Math.rint(abs) && abs < 1e15) {
      return integral(v);
    }
    boolean exp = abs != 0 && (abs < 1e-6 || abs >= 1e21);
    return layout(v, exp ? 'e' : 'f');
  }

  /** A sample value as the text exposition format writes it ({@code 'g'}, shortest). */
  public static String exposition(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    double abs = Math.abs(v);
    if (abs == Math.rint(abs) && abs < 1e6) {
      return integral(v); // shortest 'g' switches to exponent form from 1e+06 on
    }
    return layout(v, 'g');
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return null;
  }

  private static String integral(double v) {
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    return Long.toString((long) v);
  }

  /** Go's layout of the shortest digits in format 'e', 'f' or 'g' (precision -1). */
  static String layout(double v, char fmt) {
    // Decompose Java's shortest representation into digits and a decimal exponent.
    String j = Double.toString(Math.abs(v));
    int ePos = j.indexOf('E');
    String mant = ePos < 0 ? j : j.substring(0, ePos);
    int exp10 = ePos < 0 ? 0 : Integer.parseInt(j.substring(ePos + 1));
    int dot = mant.indexOf('.');
    String intPart = mant.substring(0, dot);
    String fracPart = mant.substring(dot + 1);
    StringBuilder digits = new StringBuilder(intPart.length() + fracPart.length());
    digits.append(intPart).append(fracPart);
    // Value = 0.digits * 10^(pointPos) with pointPos counted from the left.
    int pointPos = intPart.length() + exp10;
    int lead = 0;
    while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
      lead++;
      pointPos--;
    }
    int end = digits.length();
    while (end > lead + 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    String d = digits.substring(lead, end);
    if (d.length() == 2) {
      // Java keeps a second digit when it is closer (4.9E-324); Go takes the shortest that round-trips.
      int first = d.charAt(0) - '0';
      double down = Double.parseDouble(first + "e" + (pointPos - 1));
      double up = Double.parseDouble((first + 1) + "e" + (pointPos - 1));
      double a = Math.abs(v);
      boolean downOk = down == a;
      boolean upOk = up == a;
      if (downOk || upOk) {
        if (upOk && (!downOk || (d.charAt(1) - '0') >= 5)) {
          if (first + 1 == 10) {
            d = "1";
            pointPos++;
          } else {
            d = String.valueOf(first + 1);
          }
        } else {
          d = String.valueOf(first);
        }
      }
    }
    StringBuilder out = new StringBuilder(24);
    if (v < 0 || Double.doubleToRawLongBits(v) < 0) {
      out.append('-');
    }
    if (d.equals("0")) {
      return out.append(fmt == 'e' ? "0e+00" : "0").toString();
    }
    int decExp = pointPos - 1; // exponent in d.ddd form
    char use = fmt;
    if (fmt == 'g') {
      // Go's shortest %g: exponent form when exp < -4 || exp >= 6
      use = decExp < -4 || decExp >= 6 ? 'e' : 'f';
    }
    if (use == 'e') {
      out.append(d.charAt(0));
      if (d.length() > 1) {
        out.append('.').append(d, 1, d.length());
      }
      out.append('e').append(decExp < 0 ? '-' : '+');
      int ae = Math.abs(decExp);
      if (ae < 10) {
        out.append('0');
      }
      return out.append(ae).toString();
    }
    if (pointPos <= 0) {
      out.append("0.");
      for (int i = pointPos; i < 0; i++) {
        out.append('0');
      }
      return out.append(d).toString();
    }
    if (pointPos >= d.length()) {
      out.append(d);
      for (int i = d.length(); i < pointPos; i++) {
        out.append('0');
      }
      return out.toString();
    }
    return out.append(d, 0, pointPos).append('.').append(d, pointPos, d.length()).toString();
  }
}
