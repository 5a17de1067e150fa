package io.promethium.api;

/** Metadata of one metric family as scraped: type ({@code counter}, {@code gauge}, ...), help and unit. */
public record MetricMetadata(String metric, String type, String help, String unit) {}
