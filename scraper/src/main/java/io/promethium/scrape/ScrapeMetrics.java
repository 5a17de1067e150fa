package io.promethium.scrape;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters Prometheus's scrape package exports about itself, shared by all pools and loops of
 * one {@link ScrapeManager}. Loops count from their own threads, so counters are adders and each
 * interval summary locks only itself.
 */
final class ScrapeMetrics {
  /** Go summaries forget observations after 10 minutes (MaxAge); quantiles follow that window. */
  static final long WINDOW_NANOS = 10L * 60 * 1_000_000_000L;
  /** Enough for a 1 s interval over the whole window; older ones beyond it are dropped first. */
  private static final int MAX_KEPT = 1024;

  final LongAdder poolsCreated = new LongAdder();
  final LongAdder poolReloads = new LongAdder();
  final LongAdder exceededSampleLimit = new LongAdder();
  final LongAdder duplicateTimestamp = new LongAdder();
  final LongAdder outOfOrder = new LongAdder();
  final LongAdder outOfBounds = new LongAdder();
  private final Map<Long, IntervalWindow> intervals = new ConcurrentHashMap<>();

  void observeInterval(long configuredMillis, long actualNanos, long nowNanos) {
    intervals.computeIfAbsent(configuredMillis, k -> new IntervalWindow()).observe(actualNanos, nowNanos);
  }

  void count(ScrapeOutcome o) {
    if (ScrapeWriter.SAMPLE_LIMIT_EXCEEDED.equals(o.error())) {
      exceededSampleLimit.increment();
    }
    duplicateTimestamp.add(o.duplicates());
    outOfOrder.add(o.outOfOrder());
    outOfBounds.add(o.outOfBounds());
  }

  /** By Go duration text of the configured interval, sorted as Go's registry sorts label values. */
  Map<String, IntervalLength> intervalLengths(long nowNanos) {
    Map<String, IntervalLength> out = new TreeMap<>();
    for (Map.Entry<Long, IntervalWindow> e : intervals.entrySet()) {
      out.put(GoFormat.duration(e.getKey()), e.getValue().snapshot(nowNanos));
    }
    return out;
  }

  /** Ring of recent observations (seconds, with their time) plus all-time count and sum. */
  private static final class IntervalWindow {
    private final double[] values = new double[MAX_KEPT];
    private final long[] at = new long[MAX_KEPT];
    private int next;
    private int size;
    private long count;
    private double sum;

    synchronized void observe(long actualNanos, long nowNanos) {
      double v = actualNanos / 1e9;
      count++;
      sum += v;
      values[next] = v;
      at[next] = nowNanos;
      next = (next + 1) % MAX_KEPT;
      size = Math.min(size + 1, MAX_KEPT);
    }

    synchronized IntervalLength snapshot(long nowNanos) {
      double[] recent = new double[size];
      int n = 0;
      for (int i = 0; i < size; i++) {
        int idx = Math.floorMod(next - 1 - i, MAX_KEPT);
        if (nowNanos - at[idx] <= WINDOW_NANOS) {
          recent[n++] = values[idx];
        }
      }
      Arrays.sort(recent, 0, n);
      return new IntervalLength(count, sum, quantile(recent, n, 0.01), quantile(recent, n, 0.05),
          quantile(recent, n, 0.5), quantile(recent, n, 0.9), quantile(recent, n, 0.99));
    }

    /** Nearest rank: exact where Go's streaming estimate is within its error bound. */
    private static double quantile(double[] sorted, int n, double q) {
      if (n == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(q * n) - 1;
      return sorted[Math.max(0, Math.min(n - 1, rank))];
    }
  }
}
