package io.promethium.promql;

/**
 * A query that parsed but failed during evaluation, with Prometheus's message (e.g.
 * {@code many-to-many matching not allowed ...}). The HTTP API maps it to 422 / {@code execution}.
 */
public class QueryExecutionException extends RuntimeException {
  public QueryExecutionException(String message) {
    super(message);
  }
}
