package io.promethium.tsdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Commit latency while checkpoints run, at scrape scale (not a unit test; run by hand like
 * {@link TsdbBenchmark}):
 *
 * <pre>
 * java -Xmx6g -cp ... io.promethium.tsdb.CheckpointLatencyBenchmark [series=1000000] [perTarget=1050]
 *     [scrapeThreads=4] [checkpoints=3]
 * </pre>
 *
 * <p>Each target's scrape is one commit of {@code perTarget} samples (existing series by ref) from
 * one of {@code scrapeThreads} worker threads, as the scraper does. Every scrape round gives every
 * series a new sample, so each checkpoint has to snapshot every open chunk (the worst case). It
 * prints how long each checkpoint took and the longest commit that overlapped a checkpoint
 * (lock wait included) versus the longest commit otherwise.
 */
public final class CheckpointLatencyBenchmark {
  private CheckpointLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int perTarget = args.length > 1 ? Integer.parseInt(args[1]) : 1050;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int checkpoints = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int targets = (series + perTarget - 1) / perTarget;
    Path dir = Files.createTempDirectory("tsdb-cp-bench");
    try {
      Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
      long t0 = 1_700_000_000_000L;
      long[][] refs = new long[targets][];
      long started = System.nanoTime();
      for (int g = 0; g < targets; g++) {
        int n = Math.min(perTarget, series - g * perTarget);
        refs[g] = new long[n];
        Appender app = db.appender();
        for (int i = 0; i < n; i++) {
          refs[g][i] = app.append(0, labels(g, i), t0, i);
        }
        app.commit();
      }
      System.out.printf("created %,d series in %d targets in %.1f s%n", series, targets, (System.nanoTime() - started) / 1e9);
      db.checkpoint(); // the first checkpoint also writes every new series' first snapshot

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong checkpointStart = new AtomicLong(Long.MAX_VALUE); // nanoTime of the running checkpoint, MAX when none
      AtomicLong maxDuring = new AtomicLong();
      AtomicLong maxOutside = new AtomicLong();
      AtomicLong samplesDuring = new AtomicLong();
      AtomicLong commitsDuring = new AtomicLong();
      AtomicInteger nextTarget = new AtomicInteger();
      Thread[] workers = new Thread[threads];
      for (int w = 0; w < threads; w++) {
        workers[w] = new Thread(() -> {
          Appender app = db.appender();
          while (!stop.get()) {
            int k = nextTarget.getAndIncrement();
            int g = k % targets;
            long t = t0 + (1 + k / targets) * 15_000L;
            long[] r = refs[g];
            for (int i = 0; i < r.length; i++) {
              app.append(r[i], null, t, i + k);
            }
            long before = System.nanoTime();
            boolean overlapped = checkpointStart.get() <= before;
            app.commit();
            long after = System.nanoTime();
            long took = after - before;
            overlapped |= checkpointStart.get() <= after;
            if (overlapped) {
              maxDuring.accumulateAndGet(took, Math::max);
              samplesDuring.addAndGet(r.length);
              commitsDuring.incrementAndGet();
            } else {
              maxOutside.accumulateAndGet(took, Math::max);
            }
          }
        }, "scrape-" + w);
        workers[w].start();
      }
      Thread.sleep(3000); // let the scrape loops warm up
      long totalCheckpointNanos = 0;
      for (int c = 0; c < checkpoints; c++) {
        long s = System.nanoTime();
        checkpointStart.set(s);
        db.checkpoint();
        long d = System.nanoTime() - s;
        checkpointStart.set(Long.MAX_VALUE);
        totalCheckpointNanos += d;
        System.out.printf("checkpoint %d: %.2f s%n", c + 1, d / 1e9);
        Thread.sleep(1000);
      }
      stop.set(true);
      for (Thread w : workers) {
        w.join();
      }
      System.out.printf("max commit latency during checkpoints: %.1f ms (%,d commits overlapped)%n",
          maxDuring.get() / 1e6, commitsDuring.get());
      System.out.printf("max commit latency outside checkpoints: %.1f ms%n", maxOutside.get() / 1e6);
      System.out.printf("ingestion during checkpoints: %,.0f samples/s%n", samplesDuring.get() / (totalCheckpointNanos / 1e9));
      // Write stalls are database-wide: a checkpoint's burst of head writes can delay commits.
      for (String line : db.store.db.getProperty("rocksdb.stats").split("\n")) {
        if (line.startsWith("Cumulative stall") || line.startsWith("Stalls(count)")) {
          System.out.println("rocksdb " + line.trim());
        }
      }
      db.close();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Labels labels(int target, int i) {
    return Labels.of("__name__", "istio_requests_total", "job", "mesh", "instance", "10.0." + (target >> 8) + "." + (target & 255) + ":15090",
        "pod", "workload-" + target, "series", Integer.toString(i));
  }
}
