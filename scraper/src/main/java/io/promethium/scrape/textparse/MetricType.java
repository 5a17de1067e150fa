package io.promethium.scrape.textparse;

/** Metric family types of both text formats, named as in Prometheus's metadata API. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  GAUGEHISTOGRAM("gaugehistogram"),
  SUMMARY("summary"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown");

  private final String text;

  MetricType(String text) {
    this.text = text;
  }

  /** The name used in {@code /api/v1/metadata} and {@code /api/v1/targets/metadata}. */
  public String text() {
    return text;
  }
}
