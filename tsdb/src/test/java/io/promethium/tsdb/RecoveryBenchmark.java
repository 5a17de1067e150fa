package io.promethium.tsdb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Time from {@code kill -9} to a store ready to serve (not a unit test; run by hand):
 * a child JVM ingests {@code series} Istio-like series for 16 scrapes at 15 s, checkpoints after
 * the 12th (as the periodic checkpoint would), ingests 4 more (one minute of log to replay) and is
 * killed with SIGKILL; the parent then opens the store and reports wall and CPU time.
 *
 * <pre>
 * java -Xmx2g -cp ... io.promethium.tsdb.RecoveryBenchmark 300000
 * </pre>
 */
public final class RecoveryBenchmark {
  private RecoveryBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(Path.of(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    Path dir = Files.createTempDirectory("tsdb-recovery");
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(javaBin, "-Xmx2g", "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), RecoveryBenchmark.class.getName(), "child", dir.toString(),
        Integer.toString(series)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("done")) {
        System.out.println("child: " + line);
      }
    }
    p.destroyForcibly();
    p.waitFor();
    long start = System.nanoTime();
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      double wall = (System.nanoTime() - start) / 1e9;
      long n = 0;
      try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
        SeriesSet set = q.select(false, null, Matcher.equal("__name__", "istio_requests_total"));
        while (set.next()) {
          n++;
        }
      }
      System.out.printf("recovery after kill -9: %.2f s wall, %d ms CPU on the opening thread; series=%d head=%d;"
          + " first query found %d series%n", wall, db.recoveryCpuMillis(), db.totalSeries(), db.headSeries(), n);
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static void child(Path dir, int series) throws Exception {
    Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
    Appender app = db.appender();
    long[] refs = new long[series];
    long t0 = 1_700_000_000_000L;
    for (int round = 0; round < 16; round++) {
      for (int s = 0; s < series; s++) {
        refs[s] = app.append(refs[s], TsdbBenchmark.labels(s), t0 + round * 15_000L, round * 3.0 + s);
        if (s % 1000 == 999) {
          app.commit();
        }
      }
      app.commit();
      if (round == 11) {
        db.checkpoint();
      }
      System.out.println("round " + round);
    }
    System.out.println("done");
    System.out.flush();
    Thread.sleep(600_000); // killed before this ends
  }
}
