package io.promethium.scrape;

/**
 * Prometheus's scrape timestamp alignment ({@code --scrape.adjust-timestamps}, on by default, with
 * {@code --scrape.timestamp-tolerance=2ms}; both hidden flags in 2.42): a scrape that starts at
 * most the tolerance after its place on the loop's grid gets the grid time as its timestamp. Timer
 * jitter otherwise makes nearly every delta-of-delta non-zero, which costs the chunk encoding
 * 14 or more bits per sample instead of one. Applies only to intervals over 100 × the tolerance.
 * One per scrape loop; not thread-safe.
 */
final class ScrapeTimeAligner {
  static final long TOLERANCE_NANOS = 2_000_000L;

  private long alignedNanos = Long.MIN_VALUE;

  /** The sample timestamp in milliseconds for a scrape starting at {@code nowNanos} since the epoch. */
  long timestampMillis(long nowNanos, long intervalMillis) {
    long interval = intervalMillis * 1_000_000L;
    if (alignedNanos == Long.MIN_VALUE) {
      alignedNanos = nowNanos; // the grid starts at the first scrape, as in Prometheus's run loop
    }
    long t = nowNanos;
    if (interval > 100 * TOLERANCE_NANOS) {
      // Skipped ticks move the grid by whole intervals.
      while (t - alignedNanos >= interval) {
        alignedNanos += interval;
      }
      if (t - alignedNanos <= TOLERANCE_NANOS) {
        t = alignedNanos;
      }
    }
    return Math.floorDiv(t, 1_000_000L);
  }
}
