package io.promethium.tsdb;

import java.nio.file.Path;

/**
 * Child process for {@link DiskFullTest}, started under a file-size limit: ingests into
 * {@code args[0]} until a commit is refused, then reports (one line each) every committed
 * timestamp, the refusal, what a query returns, whether appends resume, and "done".
 */
public final class DiskFullIngester {
  static final int SERIES = 100;

  private DiskFullIngester() {}

  static Labels labels(int series) {
    return Labels.of("__name__", "disk_full_child", "series", Integer.toString(series));
  }

  /** Raw doubles (incompressible, 9 bytes in the log) so the WAL reaches the limit quickly. */
  static double value(int series, long t) {
    long x = (t * 0x9E3779B97F4A7C15L) ^ (series * 0xC2B2AE3D27D4EB4FL);
    x ^= x >>> 29;
    return (x >>> 11) * 0x1p-53 * 1000;
  }

  public static void main(String[] args) throws Exception {
    Tsdb db = Tsdb.open(TsdbOptions.of(Path.of(args[0])).withCheckpointInterval(0));
    long[] refs = new long[SERIES];
    long t = 0;
    long committed = 0;
    while (true) {
      Appender app = db.appender();
      try {
        for (int s = 0; s < SERIES; s++) {
          refs[s] = app.append(refs[s], labels(s), t, value(s, t));
        }
        app.commit();
        committed++;
        System.out.println("committed " + t);
      } catch (StorageException e) {
        System.out.println("refused " + e.getMessage());
        System.out.println("refusedAt " + t);
        break;
      }
      t += 1000;
      if (t > 10_000_000) {
        System.out.println("never refused");
        System.exit(1);
      }
    }
    long samples = 0;
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, null, Matcher.equal("__name__", "disk_full_child"));
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        while (it.next()) {
          samples++;
        }
      }
    }
    System.out.println("queried " + samples);
    // The fault persists (the limit stays), but a reopened store writes a new WAL file: appends
    // resume once the store has reopened (at most once a second), until that file fills too.
    long deadline = System.nanoTime() + 20_000_000_000L;
    t += 1000;
    while (true) {
      Appender app = db.appender();
      try {
        for (int s = 0; s < SERIES; s++) {
          app.append(refs[s], null, t, value(s, t));
        }
        app.commit();
        System.out.println("committed " + t);
        System.out.println("resumed " + t);
        break;
      } catch (StorageException e) {
        if (System.nanoTime() > deadline) {
          System.out.println("not resumed " + e.getMessage());
          break;
        }
        Thread.sleep(100);
      }
    }
    System.out.println("done " + committed);
    System.out.flush();
    Thread.sleep(60_000); // the parent kills us
  }
}
