package io.promethium.tsdb;

/** A matcher that cannot be built, e.g. because its regular expression does not compile. */
public final class InvalidMatcherException extends IllegalArgumentException {
  public InvalidMatcherException(String message, Throwable cause) {
    super(message, cause);
  }
}
