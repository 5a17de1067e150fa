package io.promethium.tsdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Prints the tsdb figures the issue asks for (not a unit test; run by hand):
 *
 * <pre>
 * ./mvnw -B -q -pl tsdb test-compile
 * java -Xmx4g -cp "$(cat tsdb/target/test-classpath.txt):tsdb/target/classes:tsdb/target/test-classes" \
 *     io.promethium.tsdb.TsdbBenchmark [series=100000] [samplesPerSeries=240]
 * </pre>
 *
 * <ul>
 *   <li>append throughput: one thread, existing series, by cached ref, one commit per 1,000 samples
 *       (a scrape-sized transaction), durable log write included;
 *   <li>heap bytes per head series (after GC), Istio-like label sets of 16 labels;
 *   <li>bytes per sample on disk: the whole data directory after close, divided by samples stored.
 * </ul>
 */
public final class TsdbBenchmark {
  private TsdbBenchmark() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int perSeries = args.length > 1 ? Integer.parseInt(args[1]) : 240;
    Path dir = Files.createTempDirectory("tsdb-bench");
    Runtime rt = Runtime.getRuntime();
    try {
      long heapBefore = usedHeap(rt);
      Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
      long[] refs = new long[series];
      Appender app = db.appender();
      long t0 = 1_700_000_000_000L;
      for (int s = 0; s < series; s++) {
        refs[s] = app.append(0, labels(s), t0, 0);
        if (s % 1000 == 999) {
          app.commit();
        }
      }
      app.commit();
      long heapAfter = usedHeap(rt);
      System.out.printf("series=%d heap_bytes_per_series=%d (includes postings, symbols, one open chunk each)%n",
          series, (heapAfter - heapBefore) / series);

      // Append throughput on existing series (15 s scrape interval, counters with jittered increments).
      long samples = 0;
      java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      long start = System.nanoTime();
      long cpuStart = cpu.getCurrentThreadCpuTime();
      for (int i = 1; i < perSeries; i++) {
        long t = t0 + i * 15_000L;
        for (int s = 0; s < series; s++) {
          app.append(refs[s], null, t, i * (double) (s % 7 + 1) + (s & 3));
          if (++samples % 1000 == 0) {
            app.commit();
          }
        }
        if (i == 20) {
          // Past warm-up: restart the clock.
          start = System.nanoTime();
          cpuStart = cpu.getCurrentThreadCpuTime();
          samples = 0;
        }
      }
      app.commit();
      double secs = (System.nanoTime() - start) / 1e9;
      double cpuSecs = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf("append: %d samples in %.2f s wall = %.0f samples/s; %.2f s appender-thread CPU = %.0f samples/CPU-s"
          + " (1 thread, by ref, 1000 samples/commit)%n", samples, secs, samples / secs, cpuSecs, samples / cpuSecs);
      System.out.printf("heap_bytes_per_series_after_ingest=%d%n", (usedHeap(rt) - heapBefore) / series);
      System.out.printf("process RSS=%d MiB = %d bytes/series (JVM, RocksDB memtables and block cache included)%n",
          rss() >> 20, rss() / series);

      long startQ = System.nanoTime();
      long decoded = 0;
      try (Querier q = db.querier(t0, t0 + perSeries * 15_000L)) {
        SeriesSet set = q.select(false, null, Matcher.equal("__name__", "istio_requests_total"));
        while (set.next()) {
          SampleIterator it = set.at().iterator();
          while (it.next()) {
            decoded++;
          }
        }
      }
      System.out.printf("select+decode: %d samples in %.2f s%n", decoded, (System.nanoTime() - startQ) / 1e9);

      long total = (long) series * perSeries;
      long closeStart = System.nanoTime();
      db.close();
      System.out.printf("close (checkpoint+flush): %.2f s%n", (System.nanoTime() - closeStart) / 1e9);
      long openStart = System.nanoTime();
      Tsdb reopened = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
      System.out.printf("reopen: %.2f s wall, %d ms CPU (series=%d)%n", (System.nanoTime() - openStart) / 1e9,
          reopened.recoveryCpuMillis(), reopened.totalSeries());
      reopened.close();
      long bytes = dirSize(dir);
      if (System.getProperty("keep") != null) {
        System.out.println("kept " + dir);
        return;
      }
      System.out.printf("disk: %d bytes for %d samples = %.3f bytes/sample (all files)%n", bytes, total, bytes / (double) total);
    } finally {
      if (System.getProperty("keep") == null) {
        deleteRecursively(dir);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Istio-like: 16 labels, values drawn from small shared vocabularies plus a per-series pod. */
  static Labels labels(int s) {
    int pod = s / 100;
    return Labels.of(
        "__name__", s % 10 == 0 ? "istio_requests_total" : "istio_request_duration_milliseconds_bucket",
        "job", "kubernetes-pods", "namespace", "ns-" + (pod % 20), "pod", "svc-" + pod + "-7d9f8b6c5-abcde",
        "instance", "10.0." + (pod / 250) + "." + (pod % 250) + ":15020", "app", "svc-" + pod, "version", "v1",
        "reporter", (s & 1) == 0 ? "source" : "destination", "source_workload", "svc-" + (pod + 1),
        "destination_workload", "svc-" + pod, "destination_service", "svc-" + pod + ".ns.svc.cluster.local",
        "response_code", (s % 3 == 0) ? "200" : (s % 3 == 1 ? "404" : "503"), "request_protocol", "http",
        "connection_security_policy", "mutual_tls", "le", Integer.toString(s % 100), "series", Integer.toString(s % 7));
  }

  /** VmRSS of this process from /proc (Linux). */
  private static long rss() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  private static long usedHeap(Runtime rt) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long dirSize(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
