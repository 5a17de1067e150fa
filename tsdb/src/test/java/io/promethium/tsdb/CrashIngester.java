package io.promethium.tsdb;

import java.nio.file.Path;

/**
 * Child process for {@link CrashRecoveryTest}: ingests forever into the store at {@code args[0]}
 * and prints each committed timestamp after its commit returned, until it is killed.
 */
public final class CrashIngester {
  static final int SERIES = 50;

  private CrashIngester() {}

  /** The value of a series at a time, mixing in the bit patterns that must survive exactly. */
  static double value(int series, long t) {
    long k = t / 10 + series;
    if (k % 13 == 0) {
      return StaleNaN.VALUE;
    }
    if (k % 17 == 0) {
      return -0.0;
    }
    return series * 1000.5 + t * 0.25;
  }

  static Labels labels(int series) {
    return Labels.of("__name__", "crash_test", "series", Integer.toString(series));
  }

  /** A series created at {@code t} when {@link #addsSeries}: the index keeps growing. */
  static Labels added(long t) {
    return Labels.of("__name__", "crash_test_added", "at", Long.toString(t));
  }

  static boolean addsSeries(long t) {
    return t / 1000 % 10 == 0;
  }

  public static void main(String[] args) throws Exception {
    // Frequent checkpoints and small partitions: the kill lands amid log truncation and chunk writes.
    Tsdb db = Tsdb.open(TsdbOptions.of(Path.of(args[0])).withCheckpointInterval(20).withBlockDuration(60_000));
    db.indexSnapshots.minSeries = 1; // index snapshots are rewritten as series are added
    Appender app = db.appender();
    long[] refs = new long[SERIES];
    long start = db.maxTime() == Long.MIN_VALUE ? 0 : db.maxTime() + 1000;
    for (long t = start; ; t += 1000) {
      for (int s = 0; s < SERIES; s++) {
        refs[s] = app.append(refs[s], labels(s), t, value(s, t));
      }
      if (addsSeries(t)) {
        app.append(0, added(t), t, 1);
      }
      app.commit();
      System.out.println(t);
      System.out.flush();
    }
  }
}
