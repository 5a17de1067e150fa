package io.promethium.api;

/**
 * The PromQL engine as the query endpoints need it. Implementations map engine failures to
 * {@link ApiException}: parse errors to {@code ApiException.invalidParam("query", "1:7: parse error: ...")},
 * evaluation errors to {@link ErrorType#EXECUTION}, exceeding {@code deadlineNanos}
 * ({@link System#nanoTime()} based) to {@link ErrorType#TIMEOUT} with
 * {@code query timed out in expression evaluation}, a fired {@link CancelSignal} to
 * {@link ErrorType#CANCELED}, storage failures to {@link ErrorType#INTERNAL}.
 */
public interface QueryBackend {
  QueryResult instant(String query, long timeMs, long deadlineNanos, CancelSignal cancel);

  /** {@code stepMs > 0}, {@code endMs >= startMs}; validated by the caller as Prometheus does. */
  QueryResult range(String query, long startMs, long endMs, long stepMs, long deadlineNanos, CancelSignal cancel);

  /** The expression pretty-printed by the parser ({@code /api/v1/format_query}). */
  String format(String query);
}
