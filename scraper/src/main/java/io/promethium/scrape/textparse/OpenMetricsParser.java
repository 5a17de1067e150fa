package io.promethium.scrape.textparse;

/**
 * OpenMetrics 1.0 text ({@code application/openmetrics-text}). Same token rules as Prometheus's
 * {@code openmetricslex.l}: single spaces only, no blank lines, timestamps in float seconds,
 * exemplars after {@code " # "}, and the body must end with {@code # EOF}.
 */
public final class OpenMetricsParser extends ExpositionParser {
  private static final int S_INIT = 0;
  private static final int S_META1 = 2;
  private static final int S_META2 = 3;
  private static final int S_LABELS = 4;
  private static final int S_LVALUE = 5;
  private static final int S_TIMESTAMP = 7;
  private static final int S_EXEMPLAR = 8;
  private static final int S_EVALUE = 9;
  private static final int S_ETIMESTAMP = 10;


  public OpenMetricsParser(byte[] buffer, int length) {
    super(buffer, length);
  }

  @Override
  public boolean isOpenMetrics() {
    return true;
  }

  @Override
  public Entry next() throws ExpositionParseException {
    labelCount = 0;
    exemplarLabelCount = 0;
    hasExemplar = false;
    hasExemplarTimestamp = false;
    Token t = lex();
    switch (t) {
      case EOFWORD:
        if (lex() != Token.EOF) {
          throw error("unexpected data after # EOF");
        }
        return Entry.EOF;
      case EOF:
        throw error("data does not end with # EOF");
      case HELP:
      case TYPE:
      case UNIT:
        return metadata(t);
      case MNAME:
        return series();
      default:
        throw error(t.quoted() + " " + GoQuote.quote(b, Math.min(pos, end), Math.min(pos + 1, end))
            + " is not a valid start token");
    }
  }

  private Entry metadata(Token kind) throws ExpositionParseException {
    Token t = lex();
    if (t != Token.MNAME) {
      throw expected("expected metric name after " + kind.name(), t);
    }
    nameStart = tokStart;
    nameEnd = pos;
    t = lex();
    if (t != Token.TEXT) {
      throw expected("expected text in " + kind.name(), t);
    }
    // TEXT is " <text>\n".
    textStart = pos - tokStart > 1 ? tokStart + 1 : pos;
    textEnd = Math.max(textStart, pos - 1);
    switch (kind) {
      case TYPE:
        type = parseType();
        return Entry.TYPE;
      case HELP:
        if (!Utf8.valid(b, textStart, textEnd)) {
          throw error("help text is not a valid utf8 string");
        }
        return Entry.HELP;
      default:
        int u = textEnd - textStart;
        if (u > 0) {
          int n = nameEnd - nameStart;
          boolean suffix = n >= u + 1 && b[nameEnd - u - 1] == '_';
          for (int i = 0; suffix && i < u; i++) {
            suffix = b[nameEnd - u + i] == b[textStart + i];
          }
          if (!suffix) {
            throw error("unit not a suffix of metric " + GoQuote.quote(b, nameStart, nameEnd));
          }
        }
        return Entry.UNIT;
    }
  }

  private MetricType parseType() throws ExpositionParseException {
    String s = new String(b, textStart, textEnd - textStart, java.nio.charset.StandardCharsets.UTF_8);
    return switch (s) {
      case "counter" -> MetricType.COUNTER;
      case "gauge" -> MetricType.GAUGE;
      case "histogram" -> MetricType.HISTOGRAM;
      case "gaugehistogram" -> MetricType.GAUGEHISTOGRAM;
      case "summary" -> MetricType.SUMMARY;
      case "info" -> MetricType.INFO;
      case "stateset" -> MetricType.STATESET;
      case "unknown" -> MetricType.UNKNOWN;
      default -> throw error("invalid metric type " + GoQuote.quote(s));
    };
  }

  private Entry series() throws ExpositionParseException {
    nameStart = tokStart;
    nameEnd = pos;
    seriesStart = tokStart;
    seriesEnd = pos;
    cachedEntry = -1;
    Token t;
    if (probe != null && probeCache(false)) {
      t = lex();
    } else {
      t = lex();
      if (t == Token.BOPEN) {
        parseLabels(false);
        seriesEnd = pos;
        t = lex();
      }
    }
    value = floatValue(t, "metric");
    hasTimestamp = false;
    t = lex();
    switch (t) {
      case EOF:
        throw error("data does not end with # EOF");
      case LINEBREAK:
        break;
      case COMMENT:
        exemplar();
        break;
      case TIMESTAMP: {
        hasTimestamp = true;
        double ts = GoFloat.parse(b, tokStart + 1, pos, this);
        if (Double.isNaN(ts) || Double.isInfinite(ts)) {
          throw error("invalid timestamp");
        }
        timestamp = (long) (ts * 1000);
        Token t3 = lex();
        if (t3 == Token.COMMENT) {
          exemplar();
        } else if (t3 != Token.LINEBREAK) {
          throw expected("expected next entry after timestamp", t3);
        }
        break;
      }
      default:
        throw expected("expected timestamp or # symbol", t);
    }
    return Entry.SERIES;
  }

  @Override
  protected void lexLabelSetAfterName() throws ExpositionParseException {
    if (lex() == Token.BOPEN) {
      parseLabels(false);
    }
  }

  private void exemplar() throws ExpositionParseException {
    if (!endsWith("_total") && !endsWith("_bucket")) {
      throw error("metric name " + new String(b, nameStart, nameEnd - nameStart, java.nio.charset.StandardCharsets.UTF_8)
          + " does not support exemplars");
    }
    parseLabels(true);
    hasExemplar = true;
    exemplarValue = floatValue(lex(), "exemplar labels");
    Token t = lex();
    switch (t) {
      case EOF:
        throw error("data does not end with # EOF");
      case LINEBREAK:
        return;
      case TIMESTAMP: {
        hasExemplarTimestamp = true;
        double ts = GoFloat.parse(b, tokStart + 1, pos, this);
        if (Double.isNaN(ts) || Double.isInfinite(ts)) {
          throw error("invalid exemplar timestamp");
        }
        exemplarTimestamp = (long) (ts * 1000);
        Token t3 = lex();
        if (t3 != Token.LINEBREAK) {
          throw expected("expected next entry after exemplar timestamp", t3);
        }
        return;
      }
      default:
        throw expected("expected timestamp or comment", t);
    }
  }

  private boolean endsWith(String suffix) {
    int n = suffix.length();
    if (nameEnd - nameStart < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[nameEnd - n + i] != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private double floatValue(Token t, String after) throws ExpositionParseException {
    if (t != Token.VALUE) {
      throw expected("expected value after " + after, t);
    }
    return normalNaN(GoFloat.parse(b, tokStart + 1, pos, this));
  }

  private void parseLabels(boolean forExemplar) throws ExpositionParseException {
    boolean first = true;
    while (true) {
      Token t = lex();
      switch (t) {
        case BCLOSE:
          return;
        case COMMA:
          if (first) {
            throw expected("expected label name or left brace", t);
          }
          t = lex();
          if (t != Token.LNAME) {
            throw expected("expected label name", t);
          }
          break;
        case LNAME:
          if (!first) {
            throw expected("expected comma", t);
          }
          break;
        default:
          if (first) {
            throw expected("expected label name or left brace", t);
          }
          throw expected("expected comma or left brace", t);
      }
      first = false;
      int ns = tokStart;
      int ne = pos;
      t = lex();
      if (t != Token.EQUAL) {
        throw expected("expected equal", t);
      }
      t = lex();
      if (t != Token.LVALUE) {
        throw expected("expected label value", t);
      }
      if (!Utf8.valid(b, tokStart, pos)) {
        throw error("invalid UTF-8 label value");
      }
      if (forExemplar) {
        addExemplarLabel(ns, ne, tokStart + 1, pos - 1);
      } else {
        addLabel(ns, ne, tokStart + 1, pos - 1);
      }
    }
  }

  private int at(int i) {
    return i < end ? b[i] & 0xff : -1;
  }

  private Token lex() {
    if (pos >= end) {
      return Token.EOF;
    }
    tokStart = pos;
    int c = b[pos] & 0xff;
    switch (state) {
      case S_INIT:
        if (c == '#') {
          if (at(pos + 1) != ' ') {
            pos++; // Prometheus reports the character after the '#'
            return Token.INVALID;
          }
          return lexMetaKeyword(pos + 2);
        }
        if (isNameStart(c)) {
          pos++;
          while (pos < end && isNameChar(b[pos] & 0xff)) {
            pos++;
          }
          state = S_VALUE;
          return Token.MNAME;
        }
        return Token.INVALID;
      case S_META1:
        if (isNameStart(c)) {
          pos++;
          while (pos < end && isNameChar(b[pos] & 0xff)) {
            pos++;
          }
          state = S_META2;
          return Token.MNAME;
        }
        return Token.INVALID;
      case S_META2: {
        if (c != ' ') {
          return Token.INVALID;
        }
        int i = pos + 1;
        while (i < end && b[i] != '\n') {
          i++;
        }
        if (i >= end) {
          return Token.INVALID;
        }
        pos = i + 1;
        state = S_INIT;
        return Token.TEXT;
      }
      case S_VALUE:
        if (c == '{') {
          pos++;
          state = S_LABELS;
          return Token.BOPEN;
        }
        if (spaceField()) {
          state = S_TIMESTAMP;
          return Token.VALUE;
        }
        return Token.INVALID;
      case S_LABELS:
      case S_EXEMPLAR:
        if (isLabelStart(c)) {
          pos++;
          while (pos < end && isLabelChar(b[pos] & 0xff)) {
            pos++;
          }
          return Token.LNAME;
        }
        if (c == '}') {
          pos++;
          state = state == S_LABELS ? S_VALUE : S_EVALUE;
          return Token.BCLOSE;
        }
        if (c == '=') {
          pos++;
          state = state == S_LABELS ? S_LVALUE : S_EVALUE;
          return Token.EQUAL;
        }
        if (c == ',') {
          pos++;
          return Token.COMMA;
        }
        return Token.INVALID;
      case S_LVALUE:
        return quoted(S_LABELS);
      case S_EVALUE:
        if (c == '"') {
          return quoted(S_EXEMPLAR);
        }
        if (spaceField()) {
          state = S_ETIMESTAMP;
          return Token.VALUE;
        }
        return Token.INVALID;
      case S_TIMESTAMP:
        if (c == '\n') {
          pos++;
          state = S_INIT;
          return Token.LINEBREAK;
        }
        if (c == ' ' && at(pos + 1) == '#' && at(pos + 2) == ' ' && at(pos + 3) == '{') {
          pos += 4;
          state = S_EXEMPLAR;
          return Token.COMMENT;
        }
        if (spaceField()) {
          return Token.TIMESTAMP;
        }
        return Token.INVALID;
      case S_ETIMESTAMP:
        if (c == '\n') {
          pos++;
          state = S_INIT;
          return Token.LINEBREAK;
        }
        if (spaceField()) {
          return Token.TIMESTAMP;
        }
        return Token.INVALID;
      default:
        return Token.INVALID;
    }
  }

  /** {@code " "[^ \n]+}: one space, then a non-empty field. */
  private boolean spaceField() {
    if (b[pos] != ' ') {
      return false;
    }
    int i = pos + 1;
    while (i < end && b[i] != ' ' && b[i] != '\n') {
      i++;
    }
    if (i == pos + 1) {
      return false;
    }
    pos = i;
    return true;
  }

  /** {@code "(\\.|[^\\"\n])*"}. */
  private Token quoted(int nextState) {
    if (b[pos] != '"') {
      return Token.INVALID;
    }
    int i = pos + 1;
    while (i < end) {
      byte d = b[i];
      if (d == '\\') {
        if (i + 1 >= end || b[i + 1] == '\n') {
          return Token.INVALID;
        }
        i += 2;
      } else if (d == '"') {
        pos = i + 1;
        state = nextState;
        return Token.LVALUE;
      } else if (d == '\n') {
        return Token.INVALID;
      } else {
        i++;
      }
    }
    return Token.INVALID;
  }

  private Token lexMetaKeyword(int p) {
    if (startsWith(p, "HELP ")) {
      pos = p + 5;
      state = S_META1;
      return Token.HELP;
    }
    if (startsWith(p, "TYPE ")) {
      pos = p + 5;
      state = S_META1;
      return Token.TYPE;
    }
    if (startsWith(p, "UNIT ")) {
      pos = p + 5;
      state = S_META1;
      return Token.UNIT;
    }
    if (startsWith(p, "EOF")) {
      pos = p + 3;
      if (pos < end && b[pos] == '\n') {
        pos++;
      }
      state = S_INIT;
      return Token.EOFWORD;
    }
    pos = p;
    return Token.INVALID;
  }

  private boolean startsWith(int p, String s) {
    if (p + s.length() > end) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[p + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
