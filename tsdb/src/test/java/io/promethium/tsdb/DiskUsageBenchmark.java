package io.promethium.tsdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.LiveFileMetaData;

/**
 * Data-directory bytes per sample during steady ingestion of the simulated Istio mesh the
 * Prometheus baseline used (not a unit test; run by hand, see the README). The values come from
 * {@code testdata/bench/istio_mesh_exporter.py} through {@code istio_feed.py} (needs
 * {@code python3}): {@code targets} sidecars of 1,049 series with 30 labels (integer counters,
 * buckets and gauges, {@code %.10g} float sums), scraped every {@code intervalSec}; about 3 % of
 * scrape timestamps carry a few ms of jitter, as real scrapes do. One commit per target scrape,
 * as the scraper does. Time is simulated: a checkpoint (and retention) runs every
 * {@code checkpointSec} of sample time, as the periodic one would in real time.
 *
 * <p>Prints, at every checkpoint, the directory size split by kind of file (RocksDB WAL, SSTs per
 * column family, info logs, manifest/options) and bytes per sample so far and over the last
 * window, then the same after close.
 *
 * <pre>
 * java -Xmx2g -cp ... io.promethium.tsdb.DiskUsageBenchmark [targets=100] [minutes=30] [intervalSec=5] [checkpointSec=60] [exporter.py]
 * </pre>
 */
public final class DiskUsageBenchmark {
  private DiskUsageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int targets = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int intervalSec = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int checkpointSec = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    Path dir = Files.createTempDirectory("tsdb-disk");
    Path exporter = Path.of(args.length > 4 ? args[4] : "../testdata/bench/istio_mesh_exporter.py");
    int rounds = minutes * 60 / intervalSec;
    Feed feed = new Feed(exporter, targets, rounds, intervalSec);
    long seriesCount = 0;
    for (Labels[] l : feed.labels) {
      seriesCount += l.length;
    }
    System.out.printf("targets=%d series=%d (%d labels on the first) interval=%ds checkpoint every %ds of sample time, %d min%n",
        targets, seriesCount, feed.labels[0][0].size(), intervalSec, checkpointSec, minutes);
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    try {
      Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
      long[][] refs = new long[targets][];
      double[][] values = new double[targets][];
      for (int target = 0; target < targets; target++) {
        refs[target] = new long[feed.labels[target].length];
        values[target] = new double[feed.labels[target].length];
      }
      long ingestCpu = 0;
      double peakBytesPerSample = 0;
      Appender app = db.appender();
      long t0 = 1_700_000_000_000L;
      int roundsPerCheckpoint = Math.max(1, checkpointSec / intervalSec);
      SplittableRandom jitter = new SplittableRandom(7);
      long samples = 0;
      long lastBytes = 0;
      long lastSamples = 0;
      for (int r = 0; r < rounds; r++) {
        long t = t0 + (long) r * intervalSec * 1000;
        for (int target = 0; target < targets; target++) {
          long ts = jitter.nextInt(100) < 3 ? t + jitter.nextInt(1, 8) : t;
          long[] tr = refs[target];
          double[] v = values[target];
          feed.read(v);
          long c0 = cpu.getCurrentThreadCpuTime();
          for (int i = 0; i < tr.length; i++) {
            tr[i] = app.append(tr[i], tr[i] == 0 ? feed.labels[target][i] : null, ts, v[i]);
          }
          app.commit();
          ingestCpu += cpu.getCurrentThreadCpuTime() - c0;
          samples += tr.length;
        }
        if ((r + 1) % roundsPerCheckpoint == 0) {
          long peak = dirSize(dir);
          String peakParts = breakdown(dir, db);
          long peakDu = du(dir);
          peakBytesPerSample = Math.max(peakBytesPerSample, peak / (double) samples);
          long c0 = cpu.getCurrentThreadCpuTime();
          db.checkpoint();
          db.applyRetention();
          ingestCpu += cpu.getCurrentThreadCpuTime() - c0;
          long bytes = dirSize(dir);
          System.out.printf("t=%4ds samples=%,d growth during the window %.3f B/sample%n"
              + "  before checkpoint: %,d B = %.3f B/sample (du %.3f) %s%n"
              + "  after checkpoint:  %,d B = %.3f B/sample (du %.3f) %s%n",
              (r + 1) * intervalSec, samples, (peak - lastBytes) / (double) (samples - lastSamples),
              peak, peak / (double) samples, peakDu / (double) samples, peakParts,
              bytes, bytes / (double) samples, du(dir) / (double) samples, breakdown(dir, db));
          lastBytes = bytes;
          lastSamples = samples;
        }
      }
      feed.close();
      System.out.printf("append+commit+checkpoint CPU of the ingesting thread: %.1f s = %.2f us/sample%n",
          ingestCpu / 1e9, ingestCpu / 1e3 / samples);
      db.close();
      long bytes = dirSize(dir);
      System.out.printf("highest B/sample seen before a checkpoint: %.3f%n", peakBytesPerSample);
      System.out.printf("after close: dir=%,d B for %,d samples = %.3f B/sample (du %.3f)  %s%n", bytes, samples,
          bytes / (double) samples, du(dir) / (double) samples, breakdown(dir, null));
      try (Tsdb reopened = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
        System.out.printf("SSTs per family after close: %s%n", sstByFamily(reopened));
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Bytes by kind of file: WAL, SSTs (per family when the store is open), info logs, the rest. */
  static String breakdown(Path dir, Tsdb db) {
    Map<String, Long> kinds = new TreeMap<>();
    for (java.io.File f : files(dir)) {
      String name = f.getName();
      String kind = name.endsWith(".log") ? "wal" : name.endsWith(".sst") ? (db == null ? "sst" : null)
          : name.startsWith("LOG") ? "infolog" : "other";
      if (kind != null) {
        kinds.merge(kind, f.length(), Long::sum);
      }
    }
    if (db != null) {
      kinds.putAll(sstByFamily(db));
    }
    return kinds.toString();
  }

  /** The data directory is flat (no snapshots here); a file RocksDB deletes meanwhile counts 0. */
  private static java.io.File[] files(Path dir) {
    java.io.File[] files = dir.toFile().listFiles(java.io.File::isFile);
    return files == null ? new java.io.File[0] : files;
  }

  static Map<String, Long> sstByFamily(Tsdb db) {
    Map<String, Long> out = new TreeMap<>();
    for (LiveFileMetaData f : db.store.db.getLiveFilesMetaData()) {
      out.merge("sst:" + new String(f.columnFamilyName()), f.size(), Long::sum);
    }
    return out;
  }

  /** Allocated bytes as {@code du} counts them (preallocated WAL space included). */
  static long du(Path dir) throws Exception {
    Process p = new ProcessBuilder("du", "-s", "--block-size=1", dir.toString()).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return Long.parseLong(out.split("\\s+")[0]);
  }

  static long dirSize(Path dir) {
    long total = 0;
    for (java.io.File f : files(dir)) {
      total += f.length();
    }
    return total;
  }

  /**
   * The simulated mesh, read from {@code istio_feed.py} (a test resource) which drives
   * {@code testdata/bench/istio_mesh_exporter.py}: per target its series, then per round and
   * target the values a scrape would see.
   */
  static final class Feed implements AutoCloseable {
    private final Process python;
    private final java.io.DataInputStream in;
    final Labels[][] labels;

    Feed(Path exporter, int targets, int rounds, int stepSec) throws Exception {
      Path script = Files.createTempFile("istio_feed", ".py");
      try (var res = DiskUsageBenchmark.class.getResourceAsStream("/istio_feed.py")) {
        Files.write(script, res.readAllBytes());
      }
      python = new ProcessBuilder("python3", script.toString(), exporter.toString(), Integer.toString(targets),
          Integer.toString(rounds), Integer.toString(stepSec)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      in = new java.io.DataInputStream(new java.io.BufferedInputStream(python.getInputStream(), 1 << 20));
      labels = new Labels[in.readInt()][];
      for (int t = 0; t < labels.length; t++) {
        labels[t] = new Labels[in.readInt()];
        for (int i = 0; i < labels[t].length; i++) {
          labels[t][i] = parse(in.readUTF());
        }
      }
    }

    void read(double[] values) throws java.io.IOException {
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readDouble();
      }
    }

    /** {@code name{a="x",b="y"}} with exposition escapes. */
    static Labels parse(String s) {
      LabelsBuilder b = new LabelsBuilder();
      int brace = s.indexOf('{');
      b.set("__name__", s.substring(0, brace));
      int i = brace + 1;
      while (s.charAt(i) != '}') {
        int eq = s.indexOf('=', i);
        String name = s.substring(i, eq);
        StringBuilder v = new StringBuilder();
        int j = eq + 2;
        for (char c; (c = s.charAt(j)) != '"'; j++) {
          if (c == '\\') {
            c = s.charAt(++j);
            c = c == 'n' ? '\n' : c;
          }
          v.append(c);
        }
        b.set(name, v.toString());
        i = j + 1;
        if (s.charAt(i) == ',') {
          i++;
        }
      }
      return b.build();
    }

    @Override
    public void close() {
      python.destroy();
    }
  }
}
