package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Prometheus 2.42's scrape timestamp alignment (2 ms tolerance, grid from the first scrape). */
class ScrapeTimeAlignerTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_700_000_000_000L * MS + 123_456; // not on a millisecond boundary

  @Test
  void startsOnTheGridOfTheFirstScrapeAndSnapsLateStartsWithinTolerance() {
    ScrapeTimeAligner a = new ScrapeTimeAligner();
    long first = a.timestampMillis(T0, 15_000);
    assertThat(first).isEqualTo(Math.floorDiv(T0, MS));
    // 1.9 ms late: snapped to the grid, so timestamps are exactly 15 s apart.
    assertThat(a.timestampMillis(T0 + 15_000 * MS + 1_900_000, 15_000)).isEqualTo(first + 15_000);
    // Exactly 2 ms late: still snapped (<= tolerance).
    assertThat(a.timestampMillis(T0 + 30_000 * MS + 2 * MS, 15_000)).isEqualTo(first + 30_000);
    // 2.1 ms late: the real time.
    assertThat(a.timestampMillis(T0 + 45_000 * MS + 2_100_000, 15_000)).isEqualTo(Math.floorDiv(T0 + 45_000 * MS + 2_100_000, MS));
  }

  @Test
  void earlyStartsAndSkippedTicksFollowTheGrid() {
    ScrapeTimeAligner a = new ScrapeTimeAligner();
    long first = a.timestampMillis(T0, 10_000);
    // Early by 1 ms: the grid point ahead is not reached yet, so the real time is used.
    assertThat(a.timestampMillis(T0 + 9_999 * MS, 10_000)).isEqualTo(first + 9_999);
    // Two ticks skipped, then 1 ms late: snapped to the third grid point.
    assertThat(a.timestampMillis(T0 + 30_001 * MS, 10_000)).isEqualTo(first + 30_000);
  }

  @Test
  void shortIntervalsAreNotAligned() {
    ScrapeTimeAligner a = new ScrapeTimeAligner();
    long first = a.timestampMillis(T0, 200); // 200 ms is not more than 100 x 2 ms
    assertThat(a.timestampMillis(T0 + 201 * MS, 200)).isEqualTo(first + 201);
  }
}
