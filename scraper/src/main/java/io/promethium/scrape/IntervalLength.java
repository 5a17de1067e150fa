package io.promethium.scrape;

/**
 * {@code prometheus_target_interval_length_seconds} for one configured interval: all-time count
 * and sum of the actual times between scrape starts, and the quantiles 0.01, 0.05, 0.5, 0.9, 0.99
 * over the last 10 minutes (NaN when nothing was observed in that window, as a Go summary).
 */
public record IntervalLength(long count, double sumSeconds, double q01, double q05, double q50, double q90, double q99) {}
