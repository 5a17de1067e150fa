package io.promethium.scrape;

/**
 * HELP/TYPE/UNIT of one metric family as a target last exposed them, for
 * {@code /api/v1/metadata} and {@code /api/v1/targets/metadata}. Type is Prometheus's name
 * ({@code counter}, {@code gauge}, …, {@code unknown} for untyped).
 */
public record MetricMetadata(String metric, String type, String help, String unit) {}
