package io.promethium.tsdb;

import java.util.List;

/** A read view over a time range. Matchers are ANDed, as in a PromQL selector. */
public interface Querier extends AutoCloseable {
  /**
   * Series that match all matchers and have at least one sample in the querier's range. With
   * {@code sorted}, series come in {@link Labels#compareTo} order. {@code hints} may be null.
   */
  SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers);

  /** Sorted, distinct label names of series matching the matchers (all series when none given). */
  List<String> labelNames(Matcher... matchers);

  /** Sorted, distinct values of a label among series matching the matchers. */
  List<String> labelValues(String name, Matcher... matchers);

  @Override
  void close();
}
