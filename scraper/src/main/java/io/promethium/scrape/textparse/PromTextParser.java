package io.promethium.scrape.textparse;

/**
 * The classic Prometheus text format ({@code text/plain; version=0.0.4}). A hand-written lexer
 * with the same states and token rules as Prometheus's {@code promlex.l}, so inputs are accepted,
 * rejected and reported the same way. As in Prometheus, the input behaves as if it ended with a
 * newline (a last line without one is fine).
 */
public final class PromTextParser extends ExpositionParser {
  private static final int S_INIT = 0;
  private static final int S_COMMENT = 1;
  private static final int S_META1 = 2;
  private static final int S_META2 = 3;
  private static final int S_LABELS = 4;
  private static final int S_LVALUE = 5;
  private static final int S_TIMESTAMP = 7;

  private final int limit; // end + the virtual trailing newline

  public PromTextParser(byte[] buffer, int length) {
    super(buffer, length);
    this.limit = length + 1;
  }

  @Override
  public boolean isOpenMetrics() {
    return false;
  }

  private int at(int i) {
    return i < end ? b[i] & 0xff : '\n';
  }

  @Override
  public Entry next() throws ExpositionParseException {
    while (true) {
      labelCount = 0;
      Token t = nextToken();
      switch (t) {
        case EOF:
          return Entry.EOF;
        case LINEBREAK:
          continue; // blank lines are allowed anywhere
        case HELP:
        case TYPE:
          return metadata(t);
        case COMMENT: {
          textStart = tokStart;
          textEnd = Math.min(pos, end);
          Token t2 = nextToken();
          if (t2 != Token.LINEBREAK) {
            throw expected("linebreak expected after comment", t2);
          }
          return Entry.COMMENT;
        }
        case MNAME:
          return series();
        default:
          throw error(t.quoted() + " is not a valid start token");
      }
    }
  }

  private Entry metadata(Token kind) throws ExpositionParseException {
    Token t = nextToken();
    if (t != Token.MNAME) {
      throw expected("expected metric name after " + kind.name(), t);
    }
    nameStart = tokStart;
    nameEnd = pos;
    t = nextToken();
    if (t != Token.TEXT) {
      throw error("expected text in " + kind.name() + ", got " + t.name());
    }
    textStart = pos - tokStart > 1 ? tokStart + 1 : pos;
    textEnd = pos;
    if (kind == Token.TYPE) {
      type = parseType();
    } else if (!Utf8.valid(b, textStart, textEnd)) {
      throw error("help text is not a valid utf8 string");
    }
    t = nextToken();
    if (t != Token.LINEBREAK) {
      throw expected("linebreak expected after metadata", t);
    }
    return kind == Token.HELP ? Entry.HELP : Entry.TYPE;
  }

  private MetricType parseType() throws ExpositionParseException {
    int n = textEnd - textStart;
    if (is("counter", n)) {
      return MetricType.COUNTER;
    } else if (is("gauge", n)) {
      return MetricType.GAUGE;
    } else if (is("histogram", n)) {
      return MetricType.HISTOGRAM;
    } else if (is("summary", n)) {
      return MetricType.SUMMARY;
    } else if (is("untyped", n)) {
      return MetricType.UNKNOWN;
    }
    throw error("invalid metric type " + GoQuote.quote(b, textStart, textEnd));
  }

  private boolean is(String word, int n) {
    if (word.length() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[textStart + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private Entry series() throws ExpositionParseException {
    nameStart = tokStart;
    nameEnd = pos;
    seriesStart = tokStart;
    seriesEnd = pos;
    cachedEntry = -1;
    if (probe != null && probeCache(true)) {
      return seriesValue(nextToken());
    }
    Token t = nextToken();
    if (t == Token.BOPEN) {
      parseLabels();
      seriesEnd = pos;
      t = nextToken();
    }
    return seriesValue(t);
  }

  @Override
  protected void lexLabelSetAfterName() throws ExpositionParseException {
    if (nextToken() == Token.BOPEN) {
      parseLabels();
    }
  }

  private Entry seriesValue(Token t) throws ExpositionParseException {
    if (t != Token.VALUE) {
      throw expected("expected value after metric", t);
    }
    value = normalNaN(GoFloat.parse(b, tokStart, pos, this));
    hasTimestamp = false;
    t = nextToken();
    if (t == Token.TIMESTAMP) {
      hasTimestamp = true;
      timestamp = GoFloat.parseLong(b, tokStart, pos, this);
      Token t2 = nextToken();
      if (t2 != Token.LINEBREAK) {
        throw expected("expected next entry after timestamp", t2);
      }
    } else if (t != Token.LINEBREAK) {
      throw expected("expected timestamp or new record", t);
    }
    return Entry.SERIES;
  }

  private void parseLabels() throws ExpositionParseException {
    Token t = nextToken();
    while (true) {
      if (t == Token.BCLOSE) {
        return;
      }
      if (t != Token.LNAME) {
        throw expected("expected label name", t);
      }
      int ns = tokStart;
      int ne = pos;
      t = nextToken();
      if (t != Token.EQUAL) {
        throw expected("expected equal", t);
      }
      t = nextToken();
      if (t != Token.LVALUE) {
        throw expected("expected label value", t);
      }
      if (!Utf8.valid(b, tokStart, pos)) {
        throw error("invalid UTF-8 label value");
      }
      addLabel(ns, ne, tokStart + 1, pos - 1);
      t = nextToken();
      if (t == Token.COMMA) {
        t = nextToken();
      }
    }
  }

  private Token nextToken() {
    Token t;
    do {
      t = lex();
    } while (t == Token.WHITESPACE);
    return t;
  }

  private Token lex() {
    if (pos >= limit) {
      return Token.EOF;
    }
    tokStart = pos;
    int c = at(pos);
    if (state == S_META2) {
      return lexText();
    }
    if (c == ' ' || c == '\t') {
      while (pos < limit && (at(pos) == ' ' || at(pos) == '\t')) {
        pos++;
      }
      return Token.WHITESPACE;
    }
    switch (state) {
      case S_INIT:
        if (c == 0) {
          pos++;
          return Token.EOF;
        }
        if (c == '\n') {
          pos++;
          return Token.LINEBREAK;
        }
        if (c == '#') {
          pos++;
          int c2 = at(pos);
          if (c2 == ' ' || c2 == '\t') {
            while (at(pos) == ' ' || at(pos) == '\t') {
              pos++;
            }
            return lexMetaKeyword();
          }
          return consumeComment();
        }
        if (isNameStart(c)) {
          consumeName();
          state = S_VALUE;
          return Token.MNAME;
        }
        return Token.INVALID;
      case S_META1:
        if (isNameStart(c)) {
          consumeName();
          state = S_META2;
          return Token.MNAME;
        }
        return Token.INVALID;
      case S_VALUE:
        if (c == '{') {
          pos++;
          state = S_LABELS;
          return Token.BOPEN;
        }
        if (c != '\n') {
          while (pos < limit) {
            int d = at(pos);
            if (d == '{' || d == ' ' || d == '\t' || d == '\n') {
              break;
            }
            pos++;
          }
          state = S_TIMESTAMP;
          return Token.VALUE;
        }
        return Token.INVALID;
      case S_LABELS:
        if (isLabelStart(c)) {
          pos++;
          while (pos < limit && isLabelChar(at(pos))) {
            pos++;
          }
          return Token.LNAME;
        }
        if (c == '}') {
          pos++;
          state = S_VALUE;
          return Token.BCLOSE;
        }
        if (c == '=') {
          pos++;
          state = S_LVALUE;
          return Token.EQUAL;
        }
        if (c == ',') {
          pos++;
          return Token.COMMA;
        }
        return Token.INVALID;
      case S_LVALUE:
        if (c == '"') {
          int i = pos + 1;
          while (i < end) {
            byte d = b[i];
            if (d == '\\') {
              if (i + 1 >= end) {
                return Token.INVALID;
              }
              i += 2;
            } else if (d == '"') {
              pos = i + 1;
              state = S_LABELS;
              return Token.LVALUE;
            } else {
              i++;
            }
          }
        }
        return Token.INVALID;
      case S_TIMESTAMP:
        if (c >= '0' && c <= '9') {
          while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
          }
          return Token.TIMESTAMP;
        }
        if (c == '\n') {
          pos++;
          state = S_INIT;
          return Token.LINEBREAK;
        }
        return Token.INVALID;
      default:
        return Token.INVALID;
    }
  }

  /** After {@code #} and blanks: HELP or TYPE followed by blanks, else the line is a comment. */
  private Token lexMetaKeyword() {
    if (pos + 4 < limit && keywordAt("HELP") && isBlank(at(pos + 4))) {
      pos += 4;
      skipBlanks();
      state = S_META1;
      return Token.HELP;
    }
    if (pos + 4 < limit && keywordAt("TYPE") && isBlank(at(pos + 4))) {
      pos += 4;
      skipBlanks();
      state = S_META1;
      return Token.TYPE;
    }
    return consumeComment();
  }

  private boolean keywordAt(String kw) {
    for (int k = 0; k < 4; k++) {
      if (at(pos + k) != kw.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }

  private void skipBlanks() {
    while (isBlank(at(pos))) {
      pos++;
    }
  }

  private Token consumeComment() {
    while (pos < end && b[pos] != '\n') {
      pos++;
    }
    state = S_INIT;
    return Token.COMMENT;
  }

  /** Rest of a HELP/TYPE line; a line of only blanks counts as empty text. */
  private Token lexText() {
    int e = pos;
    boolean allBlank = true;
    while (e < end && b[e] != '\n') {
      if (!isBlank(b[e])) {
        allBlank = false;
      }
      e++;
    }
    if (allBlank) {
      tokStart = e;
    }
    pos = e;
    state = S_INIT;
    return Token.TEXT;
  }

  private void consumeName() {
    pos++;
    while (pos < end && isNameChar(b[pos] & 0xff)) {
      pos++;
    }
  }
}
