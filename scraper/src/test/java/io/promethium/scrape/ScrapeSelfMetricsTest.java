package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scrape self-metrics after real scrapes over loopback, checked by Prometheus's own linter. */
class ScrapeSelfMetricsTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private Tsdb tsdb;
  private ScrapeManager manager;
  private final AtomicLong requests = new AtomicLong();
  private final long t0 = System.currentTimeMillis();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      long n = requests.incrementAndGet();
      String body = switch (req.path()) {
        case "/two" -> "a 1\nb 2\n";
        // Same timestamp, new value every time: a duplicate from the second scrape on.
        case "/dup" -> "dup " + n + " " + t0 + "\n";
        // Timestamps going backwards: out of order from the second scrape on.
        case "/ooo" -> "ooo 1 " + (t0 - n * 1000) + "\n";
        default -> "ok 1\n";
      };
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(body);
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("data")));
    manager = new ScrapeManager(vertx, tsdb);
  }

  @AfterEach
  void tearDown() throws Exception {
    manager.close();
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    tsdb.close();
  }

  private ScrapeJob job(String name, String path, long sampleLimit, List<RelabelConfig> relabel, String... addresses) {
    ScrapeSettings s = new ScrapeSettings(name, Duration.ofMillis(300), Duration.ofMillis(250), path, "http", Map.of(),
        false, true, sampleLimit, 0, 0, 0, 0, 0, null, relabel, List.of());
    List<Labels> targets = new java.util.ArrayList<>();
    for (String a : addresses) {
      targets.add(Labels.of("__address__", a));
    }
    return new ScrapeJob(s, List.of(new StaticDiscoverySpec(List.of(new TargetGroup("0", targets, Labels.EMPTY)))));
  }

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void countsAfterRealScrapesAndPassesPromtool() throws Exception {
    String self = "127.0.0.1:" + server.actualPort();
    RelabelConfig keepLoopback = new RelabelConfig(List.of("__address__"), ";", "127\\..*", 0, "", "$1", RelabelAction.KEEP);
    List<ScrapeJob> jobs = List.of(
        job("app", "/metrics", 0, List.of(keepLoopback), self, "localhost:1", "localhost:2"),
        job("dup", "/dup", 0, List.of(), self),
        job("limited", "/two", 1, List.of(), self),
        job("ooo", "/ooo", 0, List.of(), self));
    manager.apply(jobs);
    await("duplicates, out-of-order samples and sample-limit failures",
        () -> manager.samplesDuplicateTimestamp() >= 2 && manager.samplesOutOfOrder() >= 2
            && manager.scrapesExceededSampleLimit() >= 2);
    // A changed job reloads its pool; an unchanged one is left alone and nothing is created anew.
    List<ScrapeJob> changed = List.of(jobs.get(0), jobs.get(1), job("limited", "/two", 5, List.of(), self), jobs.get(3));
    manager.apply(changed);
    manager.apply(changed);
    await("interval observations", () -> manager.targetIntervalLengths().containsKey("300ms")
        && manager.targetIntervalLengths().get("300ms").count() >= 4);

    assertThat(manager.scrapePoolsCreated()).isEqualTo(4);
    assertThat(manager.scrapePoolReloads()).isEqualTo(1);
    assertThat(manager.samplesOutOfBounds()).isZero(); // no retention configured: nothing is too old
    assertThat(manager.scrapePoolTargets()).containsExactly(
        Map.entry("app", 1), Map.entry("dup", 1), Map.entry("limited", 1), Map.entry("ooo", 1));
    await("rediscovered after reload", () -> manager.discoveredTargets().get("limited") == 1);
    assertThat(manager.discoveredTargets()).containsEntry("app", 3).containsEntry("dup", 1);
    IntervalLength il = manager.targetIntervalLengths().get("300ms");
    assertThat(il.sumSeconds() / il.count()).isBetween(0.1, 5.0);
    assertThat(il.q01()).isLessThanOrEqualTo(il.q50());
    assertThat(il.q50()).isLessThanOrEqualTo(il.q99());

    StringBuilder out = new StringBuilder();
    manager.appendMetrics(out);
    String text = out.toString();
    assertThat(text).contains(
        "# HELP prometheus_target_interval_length_seconds Actual intervals between scrapes.\n"
            + "# TYPE prometheus_target_interval_length_seconds summary\n"
            + "prometheus_target_interval_length_seconds{interval=\"300ms\",quantile=\"0.01\"} ",
        "prometheus_target_interval_length_seconds_count{interval=\"300ms\"} ",
        "# TYPE prometheus_target_scrape_pool_reloads_total counter\nprometheus_target_scrape_pool_reloads_total 1\n",
        "prometheus_target_scrape_pools_total 4\n",
        "prometheus_target_scrapes_sample_out_of_bounds_total 0\n",
        "prometheus_target_scrape_pool_targets{scrape_job=\"app\"} 1\n",
        "prometheus_sd_discovered_targets{config=\"app\",name=\"scrape\"} 3\n");
    assertThat(text).containsPattern("prometheus_target_scrapes_exceeded_sample_limit_total [1-9][0-9]*\n");
    assertThat(text).containsPattern("prometheus_target_scrapes_sample_duplicate_timestamp_total [1-9][0-9]*\n");
    assertThat(text).containsPattern("prometheus_target_scrapes_sample_out_of_order_total [1-9][0-9]*\n");
    // Families sorted by name, as Go's registry gathers them.
    assertThat(text.indexOf("# HELP prometheus_sd_discovered_targets"))
        .isLessThan(text.indexOf("# HELP prometheus_target_interval_length_seconds"));
    assertThat(text.indexOf("# HELP prometheus_target_scrape_pool_targets"))
        .isLessThan(text.indexOf("# HELP prometheus_target_scrape_pools_total"));

    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
    Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String lint = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(lint).isZero();
    assertThat(lint).isEmpty();
  }

  @Test
  void emptyManagerRendersOnlyUnlabelledCounters() {
    StringBuilder out = new StringBuilder();
    manager.appendMetrics(out);
    assertThat(out.toString()).doesNotContain("prometheus_sd_discovered_targets", "interval_length", "scrape_pool_targets")
        .contains("prometheus_target_scrape_pools_total 0\n");
  }
}
