package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end ingestion cost (HTTP, gunzip, parse, relabel, append, commit) against the simulated
 * Istio mesh: process CPU seconds per million samples, and scrape duration percentiles. A
 * measurement, not a test: run with
 * {@code ./mvnw -pl scraper test -Dtest=IstioScrapeBenchmark -Dbench=true [-Dbench.targets=100
 * -Dbench.interval=5 -Dbench.seconds=60]}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class IstioScrapeBenchmark {
  @TempDir Path dir;

  @Test
  void cpuPerMillionSamples() throws Exception {
    int targets = Integer.getInteger("bench.targets", 100);
    int intervalS = Integer.getInteger("bench.interval", 5);
    int seconds = Integer.getInteger("bench.seconds", 60);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Vertx vertx = Vertx.vertx();
    String extra = System.getProperty("bench.exporterArgs", "").trim();
    try (IstioExporter exporter = IstioExporter.start(dir, targets, seconds * 3 + 300,
            extra.isEmpty() ? new String[0] : extra.split("\\s+"));
        Tsdb tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("data")));
        ScrapeManager manager = new ScrapeManager(vertx, tsdb)) {
      List<Labels> addrs = new ArrayList<>();
      for (String a : exporter.addresses()) {
        addrs.add(Labels.of("__address__", a));
      }
      ScrapeSettings s = new ScrapeSettings("envoy-stats", Duration.ofSeconds(intervalS),
          Duration.ofSeconds(Math.min(intervalS, 10)), "/stats/prometheus", "http", Map.of(), false, true, 0, 0, 0, 0, 0,
          0, null, List.of(), List.of());
      manager.apply(List.of(new ScrapeJob(s, List.of(new StaticDiscoverySpec(
          List.of(new TargetGroup("0", addrs, Labels.EMPTY)))))));
      // Warm-up: every series exists and the JIT has mostly settled before measuring.
      Thread.sleep(TimeUnit.SECONDS.toMillis(Math.max(intervalS * 3L, Long.getLong("bench.warmup", 45))));
      String jfr = System.getProperty("bench.jfr");
      jdk.jfr.Recording rec = null;
      if (jfr != null) {
        rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        rec.start();
      }
      long samples0 = appended(manager);
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      List<Double> durations = new ArrayList<>();
      Map<Target, Long> seen = new HashMap<>();
      long end = wall0 + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end) {
        for (Target t : manager.activeTargets()) {
          Long last = seen.put(t, t.lastScrapeMillis());
          if (last != null && last != t.lastScrapeMillis()) {
            durations.add(t.lastScrapeDurationSeconds());
          }
        }
        Thread.sleep(250); // sampling only: durations are per scrape, a 250 ms poll misses none at >= 1 s intervals
      }
      long cpu = os.getProcessCpuTime() - cpu0;
      if (rec != null) {
        rec.dump(Path.of(jfr));
        rec.close();
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      long samples = appended(manager) - samples0;
      long down = manager.activeTargets().stream().filter(t -> t.health() != TargetHealth.UP).count();
      double[] d = durations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("BENCH exporterArgs=[%s] targets=%d interval=%ds window=%.0fs samples=%d rate=%.0f/s cpu=%.2fs cores=%.3f "
              + "cpu_s_per_million=%.3f scrape_p50=%.4fs p90=%.4fs p99=%.4fs max=%.4fs down=%d%n",
          extra, targets, intervalS, wall, samples, samples / wall, cpu / 1e9, cpu / 1e9 / wall,
          (cpu / 1e9) / (samples / 1e6), pct(d, 0.5), pct(d, 0.9), pct(d, 0.99), d.length == 0 ? 0 : d[d.length - 1],
          down);
      assertThat(samples).isPositive();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static long appended(ScrapeManager m) {
    long n = 0;
    for (Target t : m.activeTargets()) {
      n += t.samplesAppended();
    }
    return n;
  }

  private static double pct(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  static String fmt(double[] d) {
    return Arrays.toString(d);
  }
}
