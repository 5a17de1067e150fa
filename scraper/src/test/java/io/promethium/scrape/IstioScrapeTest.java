package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "must show": the simulated Istio mesh as static_configs targets, scraped into the
 * real Tsdb; {@code up} and {@code istio_requests_total} answered through the Querier.
 */
class IstioScrapeTest {
  @TempDir Path dir;

  @Test
  void scrapesSimulatedSidecars() throws Exception {
    assumeTrue(IstioExporter.available(), "python3 and the exporter script are needed");
    int targets = 3;
    Vertx vertx = Vertx.vertx();
    try (IstioExporter exporter = IstioExporter.start(dir, targets, 120);
        Tsdb tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("data")));
        ScrapeManager manager = new ScrapeManager(vertx, tsdb)) {
      List<Labels> addrs = new ArrayList<>();
      for (String a : exporter.addresses()) {
        addrs.add(Labels.of("__address__", a));
      }
      ScrapeSettings s = new ScrapeSettings("envoy-stats", Duration.ofSeconds(2), Duration.ofSeconds(2),
          "/stats/prometheus", "http", Map.of(), false, true, 0, 0, 0, 0, 0, 0, null, List.of(), List.of());
      manager.apply(List.of(new ScrapeJob(s, List.of(new StaticDiscoverySpec(
          List.of(new TargetGroup("0", addrs, Labels.of("mesh", "sim"))))))));

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        List<Target> ts = manager.activeTargets();
        if (ts.size() == targets && ts.stream().allMatch(t -> t.health() == TargetHealth.UP)) {
          System.out.println("istio scrape durations (s): " + ts.stream().map(Target::lastScrapeDurationSeconds).toList());
          break;
        }
        assertThat(System.nanoTime()).as("targets up; now: %s", ts.stream().map(Target::lastError).toList())
            .isLessThan(deadline);
        ts.stream().filter(t -> !t.lastError().isEmpty()).forEach(t -> System.out.println("scrape error: " + t.lastError()));
        Thread.sleep(50);
      }
      Map<Labels, List<String>> up = StoredSamples.select(tsdb, Matcher.equal("__name__", "up"));
      assertThat(up).hasSize(targets);
      up.forEach((l, v) -> {
        assertThat(l.get("job")).isEqualTo("envoy-stats");
        assertThat(l.get("mesh")).isEqualTo("sim");
        // The first scrape of a cold JVM on a loaded machine may time out; the latest must be up.
        assertThat(v.get(v.size() - 1)).endsWith("=1");
      });
      Map<Labels, List<String>> req = StoredSamples.select(tsdb, Matcher.equal("__name__", "istio_requests_total"),
          Matcher.equal("response_code", "200"));
      // 7 source/destination pairs per sidecar by default, one 200-series each.
      assertThat(req).hasSize(7 * targets);
      for (Map.Entry<Labels, List<String>> e : req.entrySet()) {
        assertThat(e.getKey().get("instance")).startsWith("127.0.0.1:");
        if (e.getKey().get("request_protocol").equals("http")) {
          // The exporter sends grpc_response_status="" on HTTP series: an empty value is no label.
          assertThat(e.getKey().has("grpc_response_status")).isFalse();
        }
        assertThat(e.getValue()).isNotEmpty();
      }
      Map<Labels, List<String>> scraped = StoredSamples.select(tsdb, Matcher.equal("__name__", "scrape_samples_scraped"));
      scraped.values().forEach(v -> assertThat(v.get(v.size() - 1)).endsWith("=1049"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
