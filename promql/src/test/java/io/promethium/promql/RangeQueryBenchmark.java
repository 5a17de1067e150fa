package io.promethium.promql;

import io.promethium.promql.value.Matrix;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Manual benchmark (not a unit test): 10k series, 15s scrape interval, range queries of 24 and 240
 * steps. Prints wall time and bytes allocated by the querying thread, to show that a range query
 * costs per series (a few objects and one primitive slot per step), not objects per step.
 * Run: java -cp target/test-classes:target/classes:$(deps) io.promethium.promql.RangeQueryBenchmark
 */
public final class RangeQueryBenchmark {
  private RangeQueryBenchmark() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path dir = Files.createTempDirectory("bench");
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0))) {
      long end = 3_900_000L;
      long t0 = System.nanoTime();
      long[] refs = new long[series];
      for (long t = 0; t <= end; t += 15_000) {
        Appender app = db.appender();
        for (int s = 0; s < series; s++) {
          Labels l = refs[s] == 0 ? Labels.of("__name__", "m", "job", "j" + (s % 10), "instance", "i" + s) : null;
          refs[s] = app.append(refs[s], l, t, t / 1000.0 * (1 + s % 7));
        }
        app.commit();
      }
      System.out.printf("loaded %d series x %d samples in %d ms%n", series, end / 15_000 + 1,
          (System.nanoTime() - t0) / 1_000_000);
      com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      Engine engine = new Engine();
      String[] queries = {"m", "rate(m[5m])", "sum by (job) (rate(m[5m]))", "m / on(instance) m",
          "topk(5, rate(m[5m]))", "histogram_quantile(0.9, sum by (le) (rate(m[5m])))"};
      for (String q : queries) {
        if (args.length > 1 && !q.equals(args[1])) {
          continue;
        }
        for (int steps : new int[] {24, 240}) {
          long step = 3_600_000L / steps;
          long start = end - step * (steps - 1);
          engine.rangeQuery(db, q, start, end, step).exec(); // warm-up
          long bytes0 = mx.getCurrentThreadAllocatedBytes();
          long n0 = System.nanoTime();
          Matrix m = (Matrix) engine.rangeQuery(db, q, start, end, step).exec().value();
          long ms = (System.nanoTime() - n0) / 1_000_000;
          long bytes = mx.getCurrentThreadAllocatedBytes() - bytes0;
          System.out.printf("%-55s steps=%3d series_out=%5d %6d ms  %8.1f MB allocated (%6.0f B/input series)%n",
              q, steps, m.series().size(), ms, bytes / 1e6, (double) bytes / series);
        }
      }
    }
  }
}
