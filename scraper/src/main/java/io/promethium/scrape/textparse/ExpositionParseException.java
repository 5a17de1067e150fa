package io.promethium.scrape.textparse;

/**
 * A scrape body that does not parse. {@link #reason()} is Prometheus's wording (what a target's
 * {@code lastError} shows); the message adds the 1-based line for people reading logs.
 */
public final class ExpositionParseException extends Exception {
  private final String reason;
  private final int line;

  public ExpositionParseException(String reason, int line) {
    super(reason + " (line " + line + ")", null, false, false);
    this.reason = reason;
    this.line = line;
  }

  public String reason() {
    return reason;
  }

  public int line() {
    return line;
  }
}
