package io.promethium.api;

import com.google.re2j.PatternSyntaxException;
import io.promethium.tsdb.InvalidMatcherException;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a series selector ({@code match[]}) such as {@code up}, {@code {job="a"}} or
 * {@code http_requests_total{code=~"5..", method!="GET"}} into matchers, the way Prometheus's
 * ParseMetricSelector does. Errors carry the {@code line:col: parse error: ...} prefix.
 */
public final class SeriesSelector {
  private final String in;
  private int pos;

  private SeriesSelector(String in) {
    this.in = in;
  }

  /** @throws IllegalArgumentException with a Prometheus-style parse error message */
  public static Matcher[] parse(String selector) {
    return new SeriesSelector(selector).selector();
  }

  /** Whether at least one matcher does not match the empty string, as every API selector must. */
  public static boolean hasNonEmptyMatcher(Matcher[] matchers) {
    for (Matcher m : matchers) {
      if (!m.matchesEmpty()) {
        return true;
      }
    }
    return false;
  }

  private Matcher[] selector() {
    skipSpace();
    List<Matcher> out = new ArrayList<>();
    String name = null;
    if (pos < in.length() && isNameStart(in.charAt(pos), true)) {
      int start = pos;
      while (pos < in.length() && isNameChar(in.charAt(pos), true)) {
        pos++;
      }
      name = in.substring(start, pos);
      skipSpace();
    } else if (pos >= in.length()) {
      throw error(pos, "unexpected end of input");
    } else if (in.charAt(pos) != '{') {
      throw unexpected();
    }
    if (pos < in.length() && in.charAt(pos) == '{') {
      pos++;
      matchers(out);
    }
    skipSpace();
    if (pos < in.length()) {
      throw unexpected();
    }
    if (name != null) {
      // ParseMetricSelector does not reject a second __name__ matcher; both apply.
      out.add(0, Matcher.equal("__name__", name));
    }
    return out.toArray(new Matcher[0]);
  }

  /** An unexpected token after the selector, worded like Prometheus's lexer/parser. */
  private IllegalArgumentException unexpected() {
    char c = in.charAt(pos);
    if (isNameStart(c, true)) {
      int end = pos;
      while (end < in.length() && isNameChar(in.charAt(end), true)) {
        end++;
      }
      return error(pos, "unexpected identifier " + GoQuote.quote(in.substring(pos, end)));
    }
    return error(pos, "unexpected character: " + GoQuote.quoteRune(c));
  }

  private void matchers(List<Matcher> out) {
    while (true) {
      skipSpace();
      if (pos >= in.length()) {
        throw error(pos, "unexpected end of input inside braces");
      }
      char c = in.charAt(pos);
      if (c == '}') {
        pos++;
        return;
      }
      if (!isNameStart(c, false)) {
        throw error(pos, "unexpected character inside braces: " + GoQuote.quoteRune(c));
      }
      int start = pos;
      while (pos < in.length() && isNameChar(in.charAt(pos), false)) {
        pos++;
      }
      String label = in.substring(start, pos);
      skipSpace();
      MatchType type = operator();
      skipSpace();
      String value = string();
      try {
        out.add(Matcher.of(type, label, value));
      } catch (InvalidMatcherException e) {
        throw error(start, regexError(e, value));
      }
      skipSpace();
      if (pos >= in.length()) {
        throw error(pos, "unexpected end of input inside braces");
      }
      c = in.charAt(pos);
      if (c == ',') {
        pos++;
      } else if (c != '}') {
        throw error(pos, "unexpected character inside braces: " + GoQuote.quoteRune(c));
      }
    }
  }

  /** Go's wording: {@code error parsing regexp: missing closing ): `^(?:()$`}. */
  private static String regexError(InvalidMatcherException e, String value) {
    if (e.getCause() instanceof PatternSyntaxException pse) {
      return "error parsing regexp: " + pse.getDescription() + ": `^(?:" + value + ")$`";
    }
    return e.getMessage();
  }

  private MatchType operator() {
    if (pos >= in.length()) {
      throw error(pos, "unexpected end of input inside braces");
    }
    char c = in.charAt(pos);
    char next = pos + 1 < in.length() ? in.charAt(pos + 1) : 0;
    if (c == '=' && next == '~') {
      pos += 2;
      return MatchType.REGEX;
    }
    if (c == '=') {
      pos++;
      return MatchType.EQUAL;
    }
    if (c == '!' && next == '=') {
      pos += 2;
      return MatchType.NOT_EQUAL;
    }
    if (c == '!' && next == '~') {
      pos += 2;
      return MatchType.NOT_REGEX;
    }
    throw error(pos, "unexpected character inside braces: " + GoQuote.quoteRune(c));
  }

  private String string() {
    if (pos >= in.length()) {
      throw error(pos, "unexpected end of input inside braces");
    }
    char q = in.charAt(pos);
    if (q != '"' && q != '\'' && q != '`') {
      throw error(pos, "unexpected character inside braces: " + GoQuote.quoteRune(q));
    }
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < in.length()) {
      char c = in.charAt(pos++);
      if (c == q) {
        return sb.toString();
      }
      if (c == '\\' && q != '`') {
        escape(sb, q);
      } else if (c == '\n' && q != '`') {
        break;
      } else {
        sb.append(c);
      }
    }
    throw error(start, "unterminated quoted string");
  }

  private void escape(StringBuilder sb, char quote) {
    if (pos >= in.length()) {
      throw error(pos, "escape sequence not terminated");
    }
    char c = in.charAt(pos++);
    switch (c) {
      case 'a' -> sb.append('\u0007');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'v' -> sb.append('\u000b');
      case '\\' -> sb.append('\\');
      case 'x' -> sb.appendCodePoint(hex(2));
      case 'u' -> sb.appendCodePoint(hex(4));
      case 'U' -> sb.appendCodePoint(hex(8));
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        pos--;
        int v = 0;
        for (int i = 0; i < 3; i++) {
          if (pos >= in.length() || in.charAt(pos) < '0' || in.charAt(pos) > '7') {
            throw error(pos, "unknown escape sequence");
          }
          v = v * 8 + (in.charAt(pos++) - '0');
        }
        sb.append((char) v);
      }
      default -> {
        if (c == quote) {
          sb.append(c);
        } else {
          throw error(pos - 1, "unknown escape sequence " + GoQuote.quote(String.valueOf(c)));
        }
      }
    }
  }

  private int hex(int n) {
    if (pos + n > in.length()) {
      throw error(pos, "escape sequence not terminated");
    }
    try {
      int v = Integer.parseUnsignedInt(in.substring(pos, pos + n), 16);
      pos += n;
      return v;
    } catch (NumberFormatException e) {
      throw error(pos, "illegal character in escape sequence");
    }
  }

  private void skipSpace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isNameStart(char c, boolean metric) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
  }

  private static boolean isNameChar(char c, boolean metric) {
    return isNameStart(c, metric) || (c >= '0' && c <= '9');
  }

  private IllegalArgumentException error(int at, String msg) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < at && i < in.length(); i++) {
      if (in.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new IllegalArgumentException(line + ":" + col + ": parse error: " + msg);
  }
}
