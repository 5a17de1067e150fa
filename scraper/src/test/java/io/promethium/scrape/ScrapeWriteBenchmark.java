package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.scrape.relabel.Relabeler;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's share of a scrape, without HTTP: gunzip, parse, cache lookups, append and commit
 * of recorded Istio sidecar bodies into a real Tsdb, on one thread, in thread CPU time per scrape.
 * Steadier than the end-to-end figures (which the event loops, the JIT and the machine move by
 * ±10 %), so worker-side changes can be compared. A measurement, not a test: run with
 * {@code ./mvnw -pl scraper test -Dtest=ScrapeWriteBenchmark -Dbench=true [-Dbench.targets=20
 * -Dbench.rounds=200]}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ScrapeWriteBenchmark {
  @TempDir Path dir;

  @Test
  void workerCpuPerScrape() throws Exception {
    int targets = Integer.getInteger("bench.targets", 20);
    int rounds = Integer.getInteger("bench.rounds", 200);
    int variants = 4; // bodies recorded per target, a second apart: values move as in a real scrape
    byte[][][] bodies = new byte[targets][variants][];
    try (IstioExporter exporter = IstioExporter.start(dir, targets, 600)) {
      HttpClient http = HttpClient.newHttpClient();
      List<String> addrs = exporter.addresses();
      for (int v = 0; v < variants; v++) {
        for (int i = 0; i < targets; i++) {
          HttpRequest r = HttpRequest.newBuilder(URI.create("http://" + addrs.get(i) + "/stats/prometheus"))
              .header("Accept-Encoding", "gzip").timeout(Duration.ofSeconds(10)).build();
          bodies[i][v] = http.send(r, HttpResponse.BodyHandlers.ofByteArray()).body();
        }
        Thread.sleep(1_000);
      }
    }
    ScrapeSettings s = new ScrapeSettings("envoy-stats", Duration.ofSeconds(5), Duration.ofSeconds(5),
        "/stats/prometheus", "http", Map.of(), false, true, 0, 0, 0, 0, 0, 0, null, List.of(), List.of());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (Tsdb tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("data")))) {
      ScrapeWriter[] writers = new ScrapeWriter[targets];
      for (int i = 0; i < targets; i++) {
        Target t = TargetBuilder.populate(TargetBuilder.withDefaults(
            Labels.of("__address__", "10.0.0." + i + ":15090"), s), s, Relabeler.EMPTY);
        writers[i] = new ScrapeWriter(tsdb, t, s, Relabeler.EMPTY, new ScrapeCache());
      }
      long t0 = System.currentTimeMillis() - rounds * 5_000L;
      int warmup = Math.max(20, rounds / 4);
      long[] perRound = new long[rounds];
      long samples = 0;
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long process0 = 0;
      long allocated0 = 0;
      com.sun.management.ThreadMXBean amx = (com.sun.management.ThreadMXBean) mx;
      for (int r = 0; r < warmup + rounds; r++) {
        if (r == warmup) {
          process0 = os.getProcessCpuTime();
          allocated0 = amx.getCurrentThreadAllocatedBytes();
        }
        long cpu = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < targets; i++) {
          byte[] gz = bodies[i][r % variants];
          BodyInflater inflater = BodyInflater.acquire();
          try {
            assertThat(inflater.inflate(gz, gz.length, 0)).isNull();
            ScrapeOutcome o = writers[i].write(inflater.buffer(), inflater.length(), "text/plain; version=0.0.4",
                t0 + (r - warmup) * 5_000L, null, System.nanoTime());
            assertThat(o.error()).isNull();
            if (r >= warmup) {
              samples += o.samplesPostRelabel();
            }
          } finally {
            BodyInflater.release(inflater);
          }
        }
        if (r >= warmup) {
          perRound[r - warmup] = mx.getCurrentThreadCpuTime() - cpu;
        }
      }
      long process = os.getProcessCpuTime() - process0;
      long allocated = amx.getCurrentThreadAllocatedBytes() - allocated0;
      long[] sorted = perRound.clone();
      Arrays.sort(sorted);
      long total = 0;
      for (long x : perRound) {
        total += x;
      }
      List<String> pct = new ArrayList<>();
      for (double q : new double[] {0.1, 0.5, 0.9}) {
        pct.add(String.format("p%.0f=%.3fms", q * 100, sorted[(int) (q * (rounds - 1))] / 1e6 / targets));
      }
      System.out.printf("BENCH worker targets=%d rounds=%d cpu_per_scrape=%.3fms %s cpu_s_per_million=%.3f"
              + " process_cpu_per_scrape=%.3fms (incl. GC, RocksDB) allocated_per_scrape=%.1fKB%n",
          targets, rounds, total / 1e6 / rounds / targets, pct, (total / 1e9) / (samples / 1e6),
          process / 1e6 / rounds / targets, allocated / 1024.0 / rounds / targets);
    }
  }
}
