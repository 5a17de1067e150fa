package io.promethium.scrape;

/** A discovered target that cannot be scraped, with Prometheus's reason ({@code no address}, …). */
public final class InvalidTargetException extends Exception {
  public InvalidTargetException(String message) {
    super(message, null, false, false);
  }
}
