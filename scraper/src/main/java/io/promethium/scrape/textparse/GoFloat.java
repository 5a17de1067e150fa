package io.promethium.scrape.textparse;

import java.nio.charset.StandardCharsets;

/**
 * Float parsing with the syntax Prometheus accepts (Go's {@code strconv.ParseFloat} minus hex
 * floats and underscores) and Go's error texts. Common decimals take an exact fast path
 * (mantissa below 2^53, power of ten at most 22: one correctly rounded multiply or divide), so
 * the hot path allocates nothing; anything else falls back to {@link Double#parseDouble}.
 */
final class GoFloat {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private GoFloat() {}

  /** Parses {@code b[from, to)}; throws with Prometheus's message on bad syntax or range. */
  static double parse(byte[] b, int from, int to, ExpositionParser owner) throws ExpositionParseException {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == 'p' || c == 'P' || c == '_') {
        throw new ExpositionParseException("unsupported character in float", owner.lineOf(from));
      }
    }
    int i = from;
    boolean neg = false;
    if (i < to && (b[i] == '+' || b[i] == '-')) {
      neg = b[i] == '-';
      i++;
    }
    if (i < to && (b[i] | 0x20) == 'i') {
      int n = to - i;
      if ((n == 3 && matchesIgnoreCase(b, i, "inf")) || (n == 8 && matchesIgnoreCase(b, i, "infinity"))) {
        return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      throw syntax(b, from, to, owner);
    }
    if (i == from && to - i == 3 && matchesIgnoreCase(b, i, "nan")) {
      return Double.NaN;
    }
    long mant = 0;
    int digits = 0; // significant digits held in mant
    int dropped = 0; // integer digits that did not fit
    int fracDigits = 0;
    boolean sawDigit = false;
    boolean sawDot = false;
    for (; i < to; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        sawDigit = true;
        if (digits < 18) {
          if (mant != 0 || c != '0') {
            digits++;
          }
          mant = mant * 10 + (c - '0');
          if (sawDot) {
            fracDigits++;
          }
        } else if (!sawDot) {
          dropped++;
        }
      } else if (c == '.' && !sawDot) {
        sawDot = true;
      } else {
        break;
      }
    }
    if (!sawDigit) {
      throw syntax(b, from, to, owner);
    }
    int exp = 0;
    if (i < to) {
      if ((b[i] | 0x20) != 'e') {
        throw syntax(b, from, to, owner);
      }
      i++;
      boolean eneg = false;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        eneg = b[i] == '-';
        i++;
      }
      if (i == to) {
        throw syntax(b, from, to, owner);
      }
      for (; i < to; i++) {
        byte c = b[i];
        if (c < '0' || c > '9') {
          throw syntax(b, from, to, owner);
        }
        if (exp < 100000) {
          exp = exp * 10 + (c - '0');
        }
      }
      if (eneg) {
        exp = -exp;
      }
    }
    int e10 = exp - fracDigits + dropped;
    if (digits < 18 && mant <= (1L << 53) && e10 >= -22 && e10 <= 22) {
      double d = (double) mant;
      d = e10 >= 0 ? d * POW10[e10] : d / POW10[-e10];
      return neg ? -d : d;
    }
    double d = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    if (Double.isInfinite(d)) {
      throw new ExpositionParseException(
          "strconv.ParseFloat: parsing " + GoQuote.quote(b, from, to) + ": value out of range", owner.lineOf(from));
    }
    return d;
  }

  /** Go's {@code strconv.ParseInt(s, 10, 64)} for the digit-only timestamps of the text format. */
  static long parseLong(byte[] b, int from, int to, ExpositionParser owner) throws ExpositionParseException {
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (v > (Long.MAX_VALUE - d) / 10) {
        throw new ExpositionParseException(
            "strconv.ParseInt: parsing " + GoQuote.quote(b, from, to) + ": value out of range", owner.lineOf(from));
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static boolean matchesIgnoreCase(byte[] b, int i, String word) {
    for (int k = 0; k < word.length(); k++) {
      if ((b[i + k] | 0x20) != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static ExpositionParseException syntax(byte[] b, int from, int to, ExpositionParser owner) {
    return new ExpositionParseException(
        "strconv.ParseFloat: parsing " + GoQuote.quote(b, from, to) + ": invalid syntax", owner.lineOf(from));
  }
}
