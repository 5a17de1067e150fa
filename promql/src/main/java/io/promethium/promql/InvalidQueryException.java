package io.promethium.promql;

/**
 * A well-formed expression that cannot run as asked, e.g. a range vector in a range query
 * ({@code invalid expression type "range vector" for range query, must be Scalar or instant Vector}).
 * The HTTP API maps it to 400 / {@code bad_data}, like a parse error.
 */
public final class InvalidQueryException extends RuntimeException {
  public InvalidQueryException(String message) {
    super(message);
  }
}
