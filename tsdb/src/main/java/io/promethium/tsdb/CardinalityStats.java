package io.promethium.tsdb;

import io.promethium.tsdb.index.PostingsIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Computes the {@code /api/v1/status/tsdb} figures from the postings index, as Prometheus does. */
final class CardinalityStats {
  private CardinalityStats() {}

  static StorageStats collect(PostingsIndex index, int limit, long numSeries, long chunks, long minTime, long maxTime) {
    Map<String, Long> valuesPerName = new HashMap<>();
    Map<String, Long> bytesPerName = new HashMap<>();
    List<StorageStats.Entry> byMetric = new ArrayList<>();
    List<StorageStats.Entry> byPair = new ArrayList<>();
    long[] pairs = {0};
    index.forEachPair((name, value, series) -> {
      pairs[0]++;
      valuesPerName.merge(name, 1L, Long::sum);
      // As Prometheus: the bytes of the distinct values of a name (what the symbol table holds).
      bytesPerName.merge(name, (long) value.getBytes(StandardCharsets.UTF_8).length, Long::sum);
      if (Labels.METRIC_NAME.equals(name)) {
        byMetric.add(new StorageStats.Entry(value, series));
      }
      byPair.add(new StorageStats.Entry(name + "=" + value, series));
    });
    return new StorageStats(numSeries, pairs[0], chunks, minTime, maxTime,
        top(byMetric, limit), top(toEntries(valuesPerName), limit), top(toEntries(bytesPerName), limit),
        top(byPair, limit));
  }

  private static List<StorageStats.Entry> toEntries(Map<String, Long> m) {
    List<StorageStats.Entry> out = new ArrayList<>(m.size());
    m.forEach((k, v) -> out.add(new StorageStats.Entry(k, v)));
    return out;
  }

  /** Count descending, then name ascending (a stable order for equal counts), cut to the limit. */
  private static List<StorageStats.Entry> top(List<StorageStats.Entry> entries, int limit) {
    entries.sort((a, b) -> a.value() != b.value() ? Long.compare(b.value(), a.value()) : a.name().compareTo(b.name()));
    return List.copyOf(entries.subList(0, Math.min(Math.max(limit, 0), entries.size())));
  }
}
