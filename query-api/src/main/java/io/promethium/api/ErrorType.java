package io.promethium.api;

/**
 * The {@code errorType} values of Prometheus's API envelope and the HTTP status each maps to in
 * 2.42 ({@code web/api/v1/api.go} respondError). {@code unavailable} has no case there and falls
 * through to 500.
 */
public enum ErrorType {
  TIMEOUT("timeout", 503),
  CANCELED("canceled", 503),
  EXECUTION("execution", 422),
  BAD_DATA("bad_data", 400),
  INTERNAL("internal", 500),
  UNAVAILABLE("unavailable", 500),
  NOT_FOUND("not_found", 404);

  private final String wireName;
  private final int httpStatus;

  ErrorType(String wireName, int httpStatus) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
  }

  /** The value of the JSON {@code errorType} field. */
  public String wireName() {
    return wireName;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
