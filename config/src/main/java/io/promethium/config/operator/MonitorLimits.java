package io.promethium.config.operator;

/** Monitor-level scrape limits (0 / empty = unset). {@code bodySizeLimit} is a size like {@code 10MB}. */
public record MonitorLimits(
    long sampleLimit,
    long targetLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    String bodySizeLimit) {

  public static final MonitorLimits NONE = new MonitorLimits(0, 0, 0, 0, 0, "");

  static MonitorLimits from(CrdFields spec) {
    return new MonitorLimits(spec.number("sampleLimit", 0), spec.number("targetLimit", 0),
        spec.number("labelLimit", 0), spec.number("labelNameLengthLimit", 0),
        spec.number("labelValueLengthLimit", 0), spec.string("bodySizeLimit", ""));
  }
}
