package io.promethium.promql;

/** The query was canceled (client went away): {@code query was canceled in expression evaluation}; 503 / {@code canceled}. */
public final class QueryCanceledException extends RuntimeException {
  public QueryCanceledException(String stage) {
    super("query was canceled in " + stage);
  }
}
