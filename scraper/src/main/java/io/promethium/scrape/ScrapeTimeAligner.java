package io.promethium.scrape;

/**
 * Prometheus's scrape timestamp alignment ({@code --scrape.adjust-timestamps}, on by default, with
 * {@code --scrape.timestamp-tolerance=2ms}; both hidden flags in 2.42): a scrape that starts at
 * most the tolerance after its place on the loop's schedule gets the scheduled time as its
 * timestamp. Timer jitter otherwise makes nearly every delta-of-delta non-zero, which costs the
 * chunk encoding 14 or more bits per sample instead of one. Early starts keep their real time, and
 * intervals of at most 100 × the tolerance are never aligned, as in Prometheus.
 */
final class ScrapeTimeAligner {
  static final long TOLERANCE_NANOS = 2_000_000L;

  private ScrapeTimeAligner() {}

  /**
   * The sample timestamp in milliseconds for a scrape scheduled at {@code scheduledMillis} (the
   * loop's grid point) that started at {@code nowNanos} since the epoch.
   */
  static long timestampMillis(long nowNanos, long scheduledMillis, long intervalMillis) {
    long late = nowNanos - scheduledMillis * 1_000_000L;
    if (intervalMillis * 1_000_000L > 100 * TOLERANCE_NANOS && late >= 0 && late <= TOLERANCE_NANOS) {
      return scheduledMillis;
    }
    return Math.floorDiv(nowNanos, 1_000_000L);
  }
}
