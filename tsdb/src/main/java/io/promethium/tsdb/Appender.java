package io.promethium.tsdb;

/**
 * One append transaction. Samples become visible to queriers and durable together on
 * {@link #commit()}; {@link #rollback()} discards them. A scrape is one transaction. After either,
 * the appender starts the next transaction (a scrape loop keeps one, so its buffers are reused).
 */
public interface Appender {
  /**
   * Adds a sample. {@code ref} is a series reference returned by an earlier call on any appender of
   * the same storage, or 0 when unknown; when it is non-zero and still valid, {@code labels} may be
   * {@code null} and is not looked at. Returns the series reference to cache.
   *
   * @throws SampleRejectedException for out-of-order, duplicate or out-of-bounds samples (the
   *     transaction stays usable), {@link InvalidLabelsException} for invalid label sets,
   *     {@link UnknownSeriesException} when {@code labels} is null and {@code ref} is not a known
   *     series (the transaction stays usable)
   */
  long append(long ref, Labels labels, long t, double v);

  void commit();

  void rollback();
}
