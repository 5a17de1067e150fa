package io.promethium.tsdb;

import java.io.IOException;

/**
 * The time-series store as the rest of the system sees it: the scraper appends, PromQL and the
 * HTTP API query. Timestamps are milliseconds since the Unix epoch; values are IEEE-754 doubles
 * stored bit for bit (the stale-marker NaN included, see {@link StaleNaN}).
 */
public interface Storage extends AutoCloseable {
  /** A new transaction. Appenders are not thread-safe; use one per goroutine-equivalent (scrape loop). */
  Appender appender();

  /** A read view of samples with {@code mint <= t <= maxt}. Close it when done. */
  Querier querier(long mint, long maxt);

  /** Head and index statistics for {@code /api/v1/status/tsdb}. */
  StorageStats stats(int limit);

  /** Lowest timestamp stored, or {@link Long#MAX_VALUE} when empty. */
  long minTime();

  /** Highest timestamp stored, or {@link Long#MIN_VALUE} when empty. */
  long maxTime();

  @Override
  void close() throws IOException;
}
