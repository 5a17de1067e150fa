package io.promethium.scrape;

/** A scrape body the loop refuses as a whole (limits, missing metric name), with Prometheus's text. */
final class ScrapeFailure extends Exception {
  ScrapeFailure(String message) {
    super(message, null, false, false);
  }
}
