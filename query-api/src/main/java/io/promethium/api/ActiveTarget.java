package io.promethium.api;

import io.promethium.tsdb.Labels;
import java.time.Instant;

/**
 * An active scrape target as {@code /api/v1/targets} shows it. {@code lastScrape} is null before the
 * first scrape (rendered as Go's zero time), {@code health} is {@code up}, {@code down} or
 * {@code unknown}; intervals are Prometheus duration strings ({@code 15s}).
 */
public record ActiveTarget(Labels discoveredLabels, Labels labels, String scrapePool, String scrapeUrl,
    String globalUrl, String lastError, Instant lastScrape, double lastScrapeDurationSeconds, String health,
    String scrapeInterval, String scrapeTimeout) {}
