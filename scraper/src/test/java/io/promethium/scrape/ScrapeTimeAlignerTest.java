package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Prometheus 2.42's scrape timestamp alignment: late by at most 2 ms snaps to the schedule. */
class ScrapeTimeAlignerTest {
  private static final long MS = 1_000_000L;
  private static final long GRID = 1_700_000_000_000L; // a scheduled time, in ms

  private static long ts(long lateNanos, long intervalMillis) {
    return ScrapeTimeAligner.timestampMillis(GRID * MS + lateNanos, GRID, intervalMillis);
  }

  @Test
  void lateStartsWithinTheToleranceTakeTheScheduledTime() {
    assertThat(ts(0, 15_000)).isEqualTo(GRID);
    assertThat(ts(1_900_000, 15_000)).isEqualTo(GRID);
    assertThat(ts(2 * MS, 15_000)).as("exactly the tolerance").isEqualTo(GRID);
  }

  @Test
  void otherwiseTheRealTimeTruncatedToMilliseconds() {
    assertThat(ts(2_100_000, 15_000)).isEqualTo(GRID + 2);
    assertThat(ts(40 * MS + 999_999, 15_000)).isEqualTo(GRID + 40);
    assertThat(ts(-1, 15_000)).as("early: real time").isEqualTo(GRID - 1);
  }

  @Test
  void intervalsUpToAHundredTolerancesAreNotAligned() {
    assertThat(ts(MS, 200)).isEqualTo(GRID + 1);
    assertThat(ts(MS, 201)).isEqualTo(GRID);
  }
}
