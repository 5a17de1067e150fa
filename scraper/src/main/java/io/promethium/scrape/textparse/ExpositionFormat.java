package io.promethium.scrape.textparse;

/**
 * The exposition formats a target may answer with, chosen from the response's Content-Type the
 * way Prometheus 2.42 does: {@code application/openmetrics-text} selects OpenMetrics, anything
 * else (including a missing or malformed header) the classic text format.
 */
public enum ExpositionFormat {
  TEXT,
  OPENMETRICS;

  /** The Accept header Prometheus 2.42 sends on every scrape. */
  public static final String ACCEPT_HEADER =
      "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

  public static ExpositionFormat fromContentType(String contentType) {
    if (contentType == null) {
      return TEXT;
    }
    int semi = contentType.indexOf(';');
    String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return media.equalsIgnoreCase("application/openmetrics-text") ? OPENMETRICS : TEXT;
  }

  public ExpositionParser newParser(byte[] buffer, int length) {
    return this == OPENMETRICS ? new OpenMetricsParser(buffer, length) : new PromTextParser(buffer, length);
  }
}
