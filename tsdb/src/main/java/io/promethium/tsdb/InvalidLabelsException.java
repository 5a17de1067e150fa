package io.promethium.tsdb;

/** A label set that cannot be stored: empty or invalid names, invalid UTF-8, duplicate names. */
public final class InvalidLabelsException extends IllegalArgumentException {
  public InvalidLabelsException(String message) {
    super(message);
  }
}
