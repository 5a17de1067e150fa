package io.promethium.promql;

/** The query exceeded {@link EngineOptions#maxSamples()}; 422 / {@code execution} in the API. */
public final class TooManySamplesException extends QueryExecutionException {
  public static final String MESSAGE = "query processing would load too many samples into memory in query execution";

  public TooManySamplesException() {
    super(MESSAGE);
  }
}
