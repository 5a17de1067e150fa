package io.promethium.promql.parser;

import io.promethium.promql.ast.PosRange;

/**
 * A query that does not parse or does not type-check. {@link #getMessage()} is Prometheus's text:
 * {@code 1:14: parse error: unexpected ...} (line and 1-based column of the offending position).
 */
public final class ParseException extends RuntimeException {
  private final String detail;
  private final PosRange position;
  private final int line;
  private final int column;

  public ParseException(String query, PosRange position, String detail) {
    super(render(query, position, detail), null, false, false);
    this.detail = detail;
    this.position = position;
    int ln = 1;
    int lastBreak = -1;
    int p = Math.min(Math.max(position.start(), 0), query.length());
    for (int i = 0; i < p; i++) {
      if (query.charAt(i) == '\n') {
        ln++;
        lastBreak = i;
      }
    }
    this.line = ln;
    this.column = p - lastBreak;
  }

  private static String render(String query, PosRange pos, String detail) {
    int p = pos.start();
    if (p < 0 || p > query.length()) {
      return "invalid position: parse error: " + detail;
    }
    int ln = 1;
    int lastBreak = -1;
    for (int i = 0; i < p; i++) {
      if (query.charAt(i) == '\n') {
        ln++;
        lastBreak = i;
      }
    }
    return ln + ":" + (p - lastBreak) + ": parse error: " + detail;
  }

  /** The message without the position prefix, e.g. {@code unexpected end of input}. */
  public String detail() {
    return detail;
  }

  public PosRange position() {
    return position;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
