package io.promethium.promql;

/** The query ran past its timeout: {@code query timed out in expression evaluation}; 503 / {@code timeout}. */
public final class QueryTimeoutException extends RuntimeException {
  public QueryTimeoutException(String stage) {
    super("query timed out in " + stage);
  }
}
