package io.promethium.scrape;

/**
 * What one scrape did, as reported in the synthetic series and on the targets page.
 *
 * @param samplesScraped samples in the body ({@code scrape_samples_scraped})
 * @param samplesPostRelabel samples appended after metric relabeling
 * @param seriesAdded series new to this target's cache ({@code scrape_series_added})
 * @param error Prometheus's error text, or null when the scrape succeeded
 */
public record ScrapeOutcome(
    long samplesScraped,
    long samplesPostRelabel,
    long seriesAdded,
    long outOfOrder,
    long duplicates,
    long outOfBounds,
    String error) {}
