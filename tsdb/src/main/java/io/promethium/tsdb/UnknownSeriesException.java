package io.promethium.tsdb;

/**
 * An append by series reference alone ({@code labels == null}) whose reference the storage no
 * longer knows (retention forgot the series) or never issued. The caller still has the series'
 * text and can append again with its labels. Stackless: it is a control-flow signal on the
 * scrape path, not a fault.
 */
public final class UnknownSeriesException extends RuntimeException {
  public static final UnknownSeriesException INSTANCE = new UnknownSeriesException();

  private UnknownSeriesException() {
    super("unknown series reference", null, false, false);
  }
}
