package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.discovery.DiscoverySpec;
import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.scrape.textparse.ExpositionFormat;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrape loops end to end: a real Vert.x HTTP server on loopback, the real Tsdb, real timers. */
class ScrapeManagerTest {
  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private int port;
  private Tsdb tsdb;
  private ScrapeManager manager;
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
  /** Every connection the server accepted, in order. */
  private final List<io.vertx.core.http.HttpConnection> connections = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(this::handle)
        .connectionHandler(connections::add)
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
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

  private void handle(HttpServerRequest req) {
    String path = req.path();
    lastHeaders.put(path + " accept", String.valueOf(req.getHeader("Accept")));
    lastHeaders.put(path + " user-agent", String.valueOf(req.getHeader("User-Agent")));
    lastHeaders.put(path + " authorization", String.valueOf(req.getHeader("Authorization")));
    lastHeaders.put(path + " accept-encoding", String.valueOf(req.getHeader("Accept-Encoding")));
    switch (path) {
      case "/error" -> req.response().setStatusCode(500).end("boom");
      case "/slow" -> vertx.setTimer(2000, id -> req.response().end("late 1\n"));
      case "/auth" -> {
        if (!"Bearer s3cret".equals(req.getHeader("Authorization"))) {
          req.response().setStatusCode(401).setStatusMessage("Unauthorized").end();
        } else {
          req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end("authed 1\n");
        }
      }
      case "/basic" -> {
        // "user:pass" in base64.
        if (!"Basic dXNlcjpwYXNz".equals(req.getHeader("Authorization"))) {
          req.response().setStatusCode(401).setStatusMessage("Unauthorized").end();
        } else {
          req.response().end("basic 1\n");
        }
      }
      case "/bigplain" -> req.response().putHeader("Content-Encoding", "identity") // no gzip: limit while reading
          .end("big_metric_name_that_is_long 1\n".repeat(100));
      case "/moved" -> req.response().setStatusCode(302).putHeader("Location", "/metrics").end();
      case "/om" -> req.response().putHeader("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
          .end("# TYPE om counter\nom_total 5\n# EOF\n");
      default -> {
        String body = bodies.getOrDefault(path, "");
        req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(body);
      }
    }
  }

  private ScrapeJob job(String name, String path, long bodyLimit, ScrapeHttpSettings http, List<RelabelConfig> relabel,
      String... addresses) {
    ScrapeSettings s = new ScrapeSettings(name, Duration.ofMillis(300), Duration.ofMillis(250), path, "http", Map.of(),
        false, true, 0, 0, 0, 0, 0, bodyLimit, http, relabel, List.of());
    List<Labels> targets = new java.util.ArrayList<>();
    for (String a : addresses) {
      targets.add(Labels.of("__address__", a));
    }
    List<DiscoverySpec> d = List.of(new StaticDiscoverySpec(List.of(new TargetGroup("0", targets, Labels.of("env", "test")))));
    return new ScrapeJob(s, d);
  }

  private String self() {
    return "127.0.0.1:" + port;
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

  private Target target(String job) throws InterruptedException {
    await("targets of " + job, () -> manager.activeTargetsByJob().getOrDefault(job, List.of()).size() > 0);
    return manager.activeTargetsByJob().get(job).get(0);
  }

  private List<String> values(Labels l) {
    return StoredSamples.series(tsdb, l);
  }

  @Test
  void scrapesIntoTsdbWithPrometheusHeaders() throws Exception {
    bodies.put("/metrics", "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n"
        + "http_requests_total{code=\"200\"} 1027\nhttp_requests_total{code=\"400\"} 3\n");
    manager.apply(List.of(job("app", "/metrics", 0, null, List.of(), self())));
    Target t = target("app");
    await("first scrape", () -> t.health() == TargetHealth.UP);
    assertThat(t.lastError()).isEmpty();
    assertThat(t.lastScrapeMillis()).isPositive();
    assertThat(t.url()).isEqualTo("http://" + self() + "/metrics");
    assertThat(lastHeaders.get("/metrics accept")).isEqualTo(ExpositionFormat.ACCEPT_HEADER);
    assertThat(lastHeaders.get("/metrics user-agent")).isEqualTo("Prometheus/2.42.0");
    assertThat(lastHeaders.get("/metrics accept-encoding")).isEqualTo("gzip");
    Labels base = Labels.of("job", "app", "instance", self(), "env", "test");
    await("samples", () -> !values(base.toBuilder().set("__name__", "http_requests_total").set("code", "200").build()).isEmpty());
    assertThat(values(base.toBuilder().set("__name__", "http_requests_total").set("code", "200").build()).get(0)).endsWith("=1027");
    assertThat(values(base.toBuilder().set("__name__", "up").build()).get(0)).endsWith("=1");
    assertThat(values(base.toBuilder().set("__name__", "scrape_samples_scraped").build()).get(0)).endsWith("=2");
  }

  @Test
  void badTargetsAreDownWithReasonsOthersUnaffected() throws Exception {
    bodies.put("/metrics", "ok 1\n");
    bodies.put("/garbage", "this is { not metrics\n");
    bodies.put("/big", "big_metric_name_that_is_long 1\n".repeat(100));
    bodies.put("/badutf8", "m{a=\"\u00ff\"} 1\n");
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    manager.apply(List.of(
        job("ok", "/metrics", 0, null, List.of(), self()),
        job("error", "/error", 0, null, List.of(), self()),
        job("slow", "/slow", 0, null, List.of(), self()),
        job("garbage", "/garbage", 0, null, List.of(), self()),
        job("big", "/big", 1000, null, List.of(), self()),
        job("bigplain", "/bigplain", 1000, null, List.of(), self()),
        job("refused", "/metrics", 0, null, List.of(), "127.0.0.1:" + closedPort),
        job("auth", "/auth", 0, null, List.of(), self())));
    for (String j : List.of("ok", "error", "slow", "garbage", "big", "bigplain", "refused", "auth")) {
      Target t = target(j);
      await(j + " scraped", () -> t.health() != TargetHealth.UNKNOWN);
    }
    assertThat(target("ok").health()).isEqualTo(TargetHealth.UP);
    assertThat(target("error").lastError()).isEqualTo("server returned HTTP status 500 Internal Server Error");
    assertThat(target("slow").lastError()).isEqualTo("Get \"http://" + self() + "/slow\": context deadline exceeded");
    assertThat(target("garbage").lastError()).isEqualTo("strconv.ParseFloat: parsing \"is\": invalid syntax");
    assertThat(target("big").lastError()).isEqualTo("body size limit exceeded"); // gzip: limit after inflating
    assertThat(target("bigplain").lastError()).isEqualTo("body size limit exceeded");
    assertThat(target("refused").lastError()).startsWith("Get \"http://127.0.0.1:" + closedPort + "/metrics\": ");
    assertThat(target("auth").lastError()).isEqualTo("server returned HTTP status 401 Unauthorized");
    for (String j : List.of("error", "slow", "garbage", "big", "bigplain", "refused", "auth")) {
      assertThat(target(j).health()).as(j).isEqualTo(TargetHealth.DOWN);
      Labels up = Labels.of("__name__", "up", "job", j, "instance", target(j).labels().get("instance"), "env", "test");
      await("up=0 for " + j, () -> !values(up).isEmpty());
      assertThat(values(up).get(0)).endsWith("=0");
    }
    assertThat(StoredSamples.select(tsdb, Matcher.equal("__name__", "late"))).isEmpty();
  }

  /** Scrape N of a target reuses the connection of scrape 1; one the target closed is replaced. */
  @Test
  void aTargetIsScrapedOverOneKeptAliveConnection() throws Exception {
    bodies.put("/metrics", "ok 1\n");
    manager.apply(List.of(job("ok", "/metrics", 0, null, List.of(), self())));
    Target t = target("ok");
    Labels up = Labels.of("__name__", "up", "job", "ok", "instance", self(), "env", "test");
    await("4 scrapes", () -> values(up).size() >= 4);
    assertThat(connections).hasSize(1);
    // The target closes it (a restart, an idle timeout): the next scrapes go over a new one.
    connections.get(0).close();
    int before = values(up).size();
    await("3 more scrapes", () -> values(up).size() >= before + 3);
    assertThat(connections).hasSize(2);
    assertThat(values(up)).allMatch(v -> v.endsWith("=1"));
    assertThat(t.lastError()).isEmpty();
  }

  /** As Go's client: redirects are followed unless follow_redirects is false, then the 302 is the error. */
  @Test
  void redirectsAreFollowedUnlessSwitchedOff() throws Exception {
    bodies.put("/metrics", "moved_metric 7\n");
    ScrapeHttpSettings noFollow = new ScrapeHttpSettings("", "", "", "", "", "", false, "", "", "", "", false);
    manager.apply(List.of(
        job("follow", "/moved", 0, null, List.of(), self()),
        job("nofollow", "/moved", 0, noFollow, List.of(), self())));
    Target follow = target("follow");
    Target noFollowTarget = target("nofollow");
    await("both scraped", () -> follow.health() != TargetHealth.UNKNOWN && noFollowTarget.health() != TargetHealth.UNKNOWN);
    assertThat(noFollowTarget.lastError()).isEqualTo("server returned HTTP status 302 Found");
    assertThat(noFollowTarget.health()).isEqualTo(TargetHealth.DOWN);
    Labels moved = Labels.of("__name__", "moved_metric", "job", "follow", "instance", self(), "env", "test");
    await("samples through the redirect", () -> values(moved).size() >= 3);
    assertThat(values(moved)).allMatch(v -> v.endsWith("=7"));
    assertThat(follow.health()).isEqualTo(TargetHealth.UP);
    assertThat(follow.lastError()).isEmpty();
  }

  @Test
  void bearerTokenFromFileAndBasicAuth() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "s3cret\n");
    manager.apply(List.of(
        job("auth", "/auth", 0, ScrapeHttpSettings.bearerToken("", token.toString()), List.of(), self()),
        job("basic", "/basic", 0, ScrapeHttpSettings.basicAuth("user", "pass"), List.of(), self()),
        job("om", "/om", 0, null, List.of(), self())));
    for (String j : List.of("auth", "basic", "om")) {
      Target t = target(j);
      await(j + " up", () -> t.health() == TargetHealth.UP);
    }
    assertThat(lastHeaders.get("/auth authorization")).isEqualTo("Bearer s3cret");
    await("om sample", () -> !StoredSamples.select(tsdb, Matcher.equal("__name__", "om_total")).isEmpty());
  }

  @Test
  void reloadKeepsUnchangedLoopsAndStalesRemovedTargets() throws Exception {
    bodies.put("/metrics", "shared 1\n");
    ScrapeJob two = job("app", "/metrics", 0, null, List.of(), self(), "localhost:" + port);
    manager.apply(List.of(two, job("other", "/metrics", 0, null, List.of(), self())));
    await("two targets up", () -> manager.activeTargetsByJob().get("app").size() == 2
        && manager.activeTargetsByJob().get("app").stream().allMatch(t -> t.health() == TargetHealth.UP));
    Target otherBefore = target("other");
    // Job "other" must have written a scrape, or there is nothing to mark stale when it goes.
    await("other scraped", () -> otherBefore.health() == TargetHealth.UP);

    // Same config again: nothing restarts.
    manager.apply(List.of(two, job("other", "/metrics", 0, null, List.of(), self())));
    assertThat(target("other")).isSameAs(otherBefore);

    // Drop the localhost target from "app" and remove job "other" entirely.
    manager.apply(List.of(job("app", "/metrics", 0, null, List.of(), self())));
    await("one target", () -> manager.activeTargetsByJob().get("app").size() == 1);
    assertThat(manager.jobNames()).containsExactly("app");
    Labels gone = Labels.of("__name__", "shared", "job", "app", "instance", "localhost:" + port, "env", "test");
    await("stale marker for removed target", () -> {
      List<String> v = values(gone);
      return !v.isEmpty() && v.get(v.size() - 1).endsWith("=stale");
    });
    Labels otherUp = Labels.of("__name__", "up", "job", "other", "instance", self(), "env", "test");
    await("stale up for removed job", () -> {
      List<String> v = values(otherUp);
      return !v.isEmpty() && v.get(v.size() - 1).endsWith("=stale");
    });
    // The kept target keeps producing fresh samples after the reload.
    Labels kept = Labels.of("__name__", "shared", "job", "app", "instance", self(), "env", "test");
    int before = values(kept).size();
    await("kept target still scraped", () -> values(kept).size() > before + 1);
    assertThat(values(kept)).noneMatch(s -> s.endsWith("=stale"));
  }

  @Test
  void vanishingSeriesGoStaleBetweenScrapes() throws Exception {
    bodies.put("/metrics", "a 1\nb 1\n");
    manager.apply(List.of(job("app", "/metrics", 0, null, List.of(), self())));
    Labels b = Labels.of("__name__", "b", "job", "app", "instance", self(), "env", "test");
    await("b scraped", () -> !values(b).isEmpty());
    bodies.put("/metrics", "a 1\n");
    await("b stale", () -> {
      List<String> v = values(b);
      return v.get(v.size() - 1).endsWith("=stale");
    });
  }

  @Test
  void targetLimitFailsEveryTargetOfTheJob() throws Exception {
    bodies.put("/metrics", "a 1\n");
    ScrapeSettings s = new ScrapeSettings("limited", Duration.ofMillis(300), Duration.ofMillis(250), "/metrics", "http",
        Map.of(), false, true, 0, 0, 0, 0, 1, 0, null, List.of(), List.of());
    List<Labels> two = List.of(Labels.of("__address__", self()), Labels.of("__address__", "localhost:" + port));
    manager.apply(List.of(new ScrapeJob(s, List.of(new StaticDiscoverySpec(List.of(new TargetGroup("0", two, Labels.EMPTY)))))));
    await("both scraped", () -> manager.activeTargets().size() == 2
        && manager.activeTargets().stream().allMatch(t -> t.health() == TargetHealth.DOWN));
    for (Target t : manager.activeTargets()) {
      assertThat(t.lastError()).isEqualTo("target_limit exceeded (number of targets: 2, limit: 1)");
    }
    assertThat(StoredSamples.select(tsdb, Matcher.equal("__name__", "a"))).isEmpty();
  }

  @Test
  void droppedTargetsAreListedWithDiscoveredLabels() throws Exception {
    RelabelConfig keep = new RelabelConfig(List.of("__address__"), ";", "127\\..*", 0, "", "$1", RelabelAction.KEEP);
    manager.apply(List.of(job("app", "/metrics", 0, null, List.of(keep), self(), "localhost:" + port)));
    await("dropped", () -> manager.droppedTargets().size() == 1);
    DroppedTarget d = manager.droppedTargets().get(0);
    assertThat(d.job()).isEqualTo("app");
    assertThat(d.discoveredLabels().get("__address__")).isEqualTo("localhost:" + port);
    assertThat(d.discoveredLabels().get("env")).isEqualTo("test");
    assertThat(manager.activeTargets()).hasSize(1);
  }
}
