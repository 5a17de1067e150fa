package io.promethium.api;

import io.promethium.tsdb.Labels;

/**
 * An active scrape target as {@code /api/v1/targets} shows it. {@code lastScrapeMs} is 0 before the
 * first scrape (rendered as Go's zero time), {@code health} is {@code up}, {@code down} or
 * {@code unknown}; intervals are Prometheus duration strings ({@code 15s}).
 */
public record ActiveTarget(Labels discoveredLabels, Labels labels, String scrapePool, String scrapeUrl,
    String globalUrl, String lastError, long lastScrapeMs, double lastScrapeDurationSeconds, String health,
    String scrapeInterval, String scrapeTimeout) {}
