package io.promethium.tsdb;

/** One series in a query result: its labels and its samples within the querier's range. */
public interface Series {
  Labels labels();

  /** A fresh iterator over the samples, in time order. */
  SampleIterator iterator();
}
