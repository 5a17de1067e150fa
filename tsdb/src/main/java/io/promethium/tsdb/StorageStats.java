package io.promethium.tsdb;

import java.util.List;

/**
 * The figures behind {@code /api/v1/status/tsdb}: head size and the top cardinality contributors,
 * each list sorted by count descending and cut to the requested limit.
 */
public record StorageStats(
    long numSeries,
    long numLabelPairs,
    long chunkCount,
    long minTime,
    long maxTime,
    List<Entry> seriesCountByMetricName,
    List<Entry> labelValueCountByLabelName,
    List<Entry> memoryInBytesByLabelName,
    List<Entry> seriesCountByLabelValuePair) {

  public record Entry(String name, long value) {}
}
