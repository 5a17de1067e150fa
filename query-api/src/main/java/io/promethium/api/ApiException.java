package io.promethium.api;

/** An API failure that becomes a {@code {"status":"error",...}} envelope. No stack trace: it is a value. */
public final class ApiException extends RuntimeException {
  private final ErrorType type;

  public ApiException(ErrorType type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public ApiException(ErrorType type, String message, Throwable cause) {
    super(message, cause, false, false);
    this.type = type;
  }

  /** {@code invalid parameter "name": cause} as Prometheus's invalidParamError words it. */
  public static ApiException invalidParam(String param, String cause) {
    return new ApiException(ErrorType.BAD_DATA, "invalid parameter \"" + param + "\": " + cause);
  }

  public static ApiException badData(String message) {
    return new ApiException(ErrorType.BAD_DATA, message);
  }

  public ErrorType type() {
    return type;
  }
}
