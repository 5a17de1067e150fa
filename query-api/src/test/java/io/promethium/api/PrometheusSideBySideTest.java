package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promethium.promql.Engine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's real Prometheus 2.42 scrapes itself every second and remote-writes into our receiver;
 * then the same queries run on both at the same instant must give the same answers, and promtool
 * as a client must print the same thing for both. Skipped when {@code prometheus} is not installed.
 */
class PrometheusSideBySideTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir
  static Path dir;
  static ApiTestServer ours;
  static Process prometheus;
  static String promUrl;
  static String ourUrl;
  /** An instant both stores have complete data for, in ms. */
  static long evalMs;
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static io.vertx.core.http.HttpServer sidecar;
  static final io.vertx.core.http.HttpServer[] demo = new io.vertx.core.http.HttpServer[3];
  static final java.util.concurrent.atomic.AtomicInteger SCRAPES = new java.util.concurrent.atomic.AtomicInteger();
  static final Path ISTIO = TestCorpus.path("istio");

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus binary not installed");
    ours = ApiTestServer.start(dir.resolve("ours"), s -> { }, b -> b
        .options(ApiOptions.defaults().withRemoteWriteReceiver(true)).engine(new Engine()));
    ourUrl = "http://127.0.0.1:" + ours.server.actualPort();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    promUrl = "http://127.0.0.1:" + port;
    sidecar = startSidecar();
    for (int i = 0; i < 3; i++) {
      demo[i] = startDemo(i);
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ['127.0.0.1:%d']
          - job_name: kubernetes-pods
            metrics_path: /stats/prometheus
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels: {namespace: bookinfo, pod: productpage-v1-6b746f74dc-9stvs, app: productpage}
          - job_name: demo
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels: {instance: 'demo.promlabs.com:10000'}
              - targets: ['127.0.0.1:%d']
                labels: {instance: 'demo.promlabs.com:10001'}
              - targets: ['127.0.0.1:%d']
                labels: {instance: 'demo.promlabs.com:10002'}
        remote_write:
          - url: %s/api/v1/write
            queue_config:
              batch_send_deadline: 500ms
              min_backoff: 100ms
        """.formatted(port, sidecar.actualPort(), demo[0].actualPort(), demo[1].actualPort(), demo[2].actualPort(),
            ourUrl));
    prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("prom-data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    // Let a few scrapes happen and arrive, then pick an instant safely behind both heads.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long firstSample = Long.MAX_VALUE;
    while (System.nanoTime() < deadline) {
      Thread.sleep(500);
      if (ours.tsdb.minTime() != Long.MAX_VALUE) {
        firstSample = Math.min(firstSample, ours.tsdb.minTime());
        if (ours.tsdb.maxTime() - firstSample >= 8000) {
          break;
        }
      }
    }
    assertThat(ours.tsdb.maxTime() - firstSample).as("remote write from Prometheus arrived").isGreaterThanOrEqualTo(8000);
    // Freeze both stores: stop Prometheus (it flushes its remote-write queue on shutdown), then
    // reopen its TSDB without scraping, so queries that look ahead (negative offsets) compare the
    // same data rather than two stores at different points of live ingestion.
    prometheus.destroy();
    assertThat(prometheus.waitFor(90, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(500);
    Files.writeString(config, "global:\n  scrape_interval: 1s\n");
    prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("prom-data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus-frozen.log").toFile()).start();
    long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < readyBy) {
      try {
        if (CLIENT.send(HttpRequest.newBuilder(URI.create(promUrl + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    evalMs = ours.tsdb.maxTime() - 2000;
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (ours != null) {
      ours.close();
    }
  }

  /**
   * Serves the synthetic Istio sidecar page with every value multiplied by the scrape count, so
   * counters grow and rate/irate/histogram_quantile have something to compute.
   */
  static io.vertx.core.http.HttpServer startSidecar() throws Exception {
    List<String> lines = Files.readAllLines(ISTIO.resolve("sidecar-stats-prometheus.SYNTHETIC.txt"));
    return ours.vertx.createHttpServer().requestHandler(req -> {
      int n = SCRAPES.incrementAndGet();
      StringBuilder sb = new StringBuilder();
      for (String line : lines) {
        int sp = line.lastIndexOf(' ');
        if (line.startsWith("#") || sp < 0) {
          sb.append(line).append('\n');
          continue;
        }
        double v = Double.parseDouble(line.substring(sp + 1));
        sb.append(line, 0, sp + 1).append(GoFloat.exposition(v * n)).append('\n');
      }
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(sb.toString());
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  /**
   * A stand-in for the PromLabs demo service the compliance suite expects (METHOD.md §1): the
   * same metric names and label shapes, values that move with every scrape, and an intermittent
   * series that comes and goes (staleness).
   */
  static io.vertx.core.http.HttpServer startDemo(int instance) throws Exception {
    java.util.concurrent.atomic.AtomicInteger scrapes = new java.util.concurrent.atomic.AtomicInteger();
    return ours.vertx.createHttpServer().requestHandler(req -> {
      int n = scrapes.incrementAndGet();
      StringBuilder sb = new StringBuilder();
      String[] types = {"free", "used", "buffers", "cached"};
      sb.append("# TYPE demo_memory_usage_bytes gauge\n");
      for (int k = 0; k < types.length; k++) {
        sb.append("demo_memory_usage_bytes{type=\"").append(types[k]).append("\"} ")
            .append(1e9 * (k + 1) + 1e6 * Math.sin(n + instance) + instance * 12345.5).append('\n');
      }
      sb.append("# TYPE demo_num_cpus gauge\ndemo_num_cpus ").append(4 + instance).append('\n');
      sb.append("# TYPE demo_disk_usage_bytes gauge\ndemo_disk_usage_bytes ").append(2e10 + n * 1000.25).append('\n');
      sb.append("# TYPE demo_batch_last_success_timestamp_seconds gauge\ndemo_batch_last_success_timestamp_seconds ")
          .append(1.7953e9 + (n / 3) * 3).append('\n');
      String[] modes = {"idle", "user", "system"};
      sb.append("# TYPE demo_cpu_usage_seconds_total counter\n");
      for (int k = 0; k < modes.length; k++) {
        sb.append("demo_cpu_usage_seconds_total{mode=\"").append(modes[k]).append("\"} ")
            .append(n * (0.37 * (k + 1)) + instance).append('\n');
      }
      double[] les = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
      sb.append("# TYPE demo_api_request_duration_seconds histogram\n");
      for (String method : new String[] {"GET", "POST"}) {
        for (String path : new String[] {"/api/foo", "/api/bar"}) {
          String ls = "method=\"" + method + "\",path=\"" + path + "\",status=\"200\"";
          double cum = 0;
          for (int b = 0; b < les.length; b++) {
            cum += n * (b + 1) + instance;
            sb.append("demo_api_request_duration_seconds_bucket{").append(ls).append(",le=\"").append(les[b])
                .append("\"} ").append(cum).append('\n');
          }
          sb.append("demo_api_request_duration_seconds_bucket{").append(ls).append(",le=\"+Inf\"} ").append(cum + n)
              .append('\n');
          sb.append("demo_api_request_duration_seconds_sum{").append(ls).append("} ").append(cum * 0.3).append('\n');
          sb.append("demo_api_request_duration_seconds_count{").append(ls).append("} ").append(cum + n).append('\n');
        }
      }
      if (n % 6 < 3) {
        sb.append("# TYPE demo_intermittent_metric gauge\ndemo_intermittent_metric 1\n");
      }
      req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end(sb.toString());
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  /**
   * The PromQL compliance suite's 539 expanded queries as range queries over the data both
   * stores hold (METHOD.md §3 with a short window): {@code should_fail} queries must fail on both,
   * other failures of Prometheus must be matched by the same errorType, everything else must agree.
   */
  @Test
  void complianceQueriesAgree() throws Exception {
    Path file = TestCorpus.path("promql-compliance/expanded-queries.txt");
    List<String> queries = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        queries.add(line);
      }
    }
    List<String> differences = new ArrayList<>();
    int compared = 0;
    for (String line : queries) {
      boolean shouldFail = line.contains("# should_fail");
      String q = shouldFail ? line.substring(0, line.indexOf("# should_fail")).strip() : line.strip();
      String[] params = {"query", q, "start", seconds(evalMs - 8000), "end", seconds(evalMs), "step", "1"};
      JsonObject theirs = query(promUrl, "/api/v1/query_range", params);
      JsonObject mine = query(ourUrl, "/api/v1/query_range", params);
      try {
        if (shouldFail || !"success".equals(theirs.getString("status"))) {
          assertThat(theirs.getString("status")).as("reference fails").isEqualTo("error");
          assertThat(mine.getString("errorType")).as(mine.encode()).isEqualTo(theirs.getString("errorType"));
          continue;
        }
        assertThat(mine.getString("status")).as(mine.encode()).isEqualTo("success");
        assertSameData(theirs.getJsonObject("data"), mine.getJsonObject("data"));
        compared++;
      } catch (AssertionError e) {
        differences.add(q + "\n    " + e.getMessage().replace('\n', ' '));
      }
    }
    System.out.printf("promql compliance queries: %d/%d identical (%d compared on data)%n",
        queries.size() - differences.size(), queries.size(), compared);
    differences.forEach(d -> System.out.println("DIFF " + d));
    assertThat(queries).hasSizeGreaterThan(530);
    assertThat(differences).isEmpty();
  }

  /** The dashboards' PromQL with Grafana's variables filled in as Grafana would (README §2). */
  static List<String> istioQueries() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(ISTIO.resolve("dashboard-queries.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String q = line.strip();
      if (q.startsWith("query_result(") && q.endsWith(")")) {
        q = q.substring("query_result(".length(), q.length() - 1);
      }
      q = q.replace("$__rate_interval", "5s").replace("$qrep", "destination")
          .replace("$service", "productpage.bookinfo.svc.cluster.local").replace("$namespace", "bookinfo")
          .replace("$workload", "productpage-v1");
      for (String multi : new String[] {"$srcns", "$dstns", "$srcwl", "$dstwl", "$dstsvc", "$srccluster",
          "$dstcluster"}) {
        q = q.replace(multi, ".*"); // "All" is an alternation of every option; .* selects the same series here
      }
      out.add(q);
    }
    return out;
  }

  /**
   * All Istio dashboard queries, instant at the same time on both. Prometheus errors must be
   * matched by the same errorType; otherwise results must agree.
   */
  @Test
  void istioDashboardQueriesAgree() throws Exception {
    List<String> queries = istioQueries();
    List<String> differences = new ArrayList<>();
    int nonEmpty = 0;
    for (String q : queries) {
      JsonObject theirs = query(promUrl, "/api/v1/query", "query", q, "time", seconds(evalMs));
      JsonObject mine = query(ourUrl, "/api/v1/query", "query", q, "time", seconds(evalMs));
      try {
        if (!"success".equals(theirs.getString("status"))) {
          assertThat(mine.getString("errorType")).isEqualTo(theirs.getString("errorType"));
          continue;
        }
        assertThat(mine.getString("status")).as(mine.encode()).isEqualTo("success");
        assertSameData(theirs.getJsonObject("data"), mine.getJsonObject("data"));
        if (!theirs.getJsonObject("data").getValue("result").toString().equals("[]")) {
          nonEmpty++;
        }
      } catch (AssertionError e) {
        differences.add(q + "\n    " + e.getMessage().replace('\n', ' '));
      }
    }
    System.out.printf("istio dashboard queries: %d/%d identical (%d with non-empty results)%n",
        queries.size() - differences.size(), queries.size(), nonEmpty);
    differences.forEach(d -> System.out.println("DIFF " + d));
    assertThat(queries).hasSizeGreaterThan(240);
    assertThat(nonEmpty).as("queries that exercised data (pilot, ztunnel, wasm and cAdvisor metrics are absent)").isGreaterThan(80);
    assertThat(differences).isEmpty();
  }

  static JsonObject query(String base, String path, String... kv) throws IOException, InterruptedException {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      q.append(i == 0 ? "?" : "&").append(kv[i]).append('=').append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path + q)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new JsonObject(r.body());
  }

  static String seconds(long ms) {
    return ApiJson.timestampString(ms);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "up",
      "sum by (job) (up)",
      "prometheus_build_info",
      "count({__name__=~\"prometheus_http.*\"})",
      "rate(prometheus_http_requests_total[5s])",
      "max_over_time(scrape_duration_seconds[10s]) * 1000",
      "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[5s])))",
      "topk(3, prometheus_http_requests_total)",
      "scrape_samples_scraped > 10",
      "absent(nonexistent_metric)",
      "time()",
      "up[3s]",
  })
  void instantQueriesAgree(String expr) throws Exception {
    JsonObject theirs = query(promUrl, "/api/v1/query", "query", expr, "time", seconds(evalMs));
    JsonObject mine = query(ourUrl, "/api/v1/query", "query", expr, "time", seconds(evalMs));
    assertThat(theirs.getString("status")).as(theirs.encode()).isEqualTo("success");
    assertThat(theirs.getJsonObject("data").getValue("result").toString()).as("a meaningful comparison")
        .isNotEqualTo("[]");
    assertSameData(theirs.getJsonObject("data"), mine.getJsonObject("data"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sum(rate(prometheus_http_requests_total[3s]))", "up", "scrape_series_added"})
  void rangeQueriesAgree(String expr) throws Exception {
    String[] params = {"query", expr, "start", seconds(evalMs - 6000), "end", seconds(evalMs), "step", "1"};
    JsonObject theirs = query(promUrl, "/api/v1/query_range", params);
    JsonObject mine = query(ourUrl, "/api/v1/query_range", params);
    assertThat(theirs.getString("status")).isEqualTo("success");
    assertThat(theirs.getJsonObject("data").getJsonArray("result")).as("a meaningful comparison").isNotEmpty();
    assertSameData(theirs.getJsonObject("data"), mine.getJsonObject("data"));
  }

  @Test
  void seriesAndLabelsAgree() throws Exception {
    String start = seconds(evalMs - 5000);
    String end = seconds(evalMs);
    for (String[] call : List.of(
        new String[] {"/api/v1/series", "match[]", "up", "start", start, "end", end},
        new String[] {"/api/v1/label/job/values", "start", start, "end", end},
        new String[] {"/api/v1/label/__name__/values", "match[]", "{__name__=~\"prometheus_tsdb_head.*\"}",
            "start", start, "end", end})) {
      String[] kv = java.util.Arrays.copyOfRange(call, 1, call.length);
      assertThat(query(ourUrl, call[0], kv).encode()).as(call[0]).isEqualTo(query(promUrl, call[0], kv).encode());
    }
  }

  @Test
  void promtoolPrintsTheSameForBoth() throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
    String t = seconds(evalMs);
    for (List<String> args : List.of(
        List.of("query", "instant", "--time=" + t, "URL", "sum by (job) (up)"),
        List.of("query", "range", "--start=" + seconds(evalMs - 3000), "--end=" + t, "--step=1s", "URL", "up"),
        List.of("query", "series", "--match=up", "--start=" + seconds(evalMs - 3000), "--end=" + t, "URL"),
        List.of("query", "labels", "--start=" + seconds(evalMs - 3000), "--end=" + t, "URL", "job"))) {
      assertThat(promtool(args, ourUrl)).as(String.join(" ", args)).isEqualTo(promtool(args, promUrl));
    }
  }

  static String promtool(List<String> args, String url) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(PROMTOOL.toString());
    for (String a : args) {
      cmd.add(a.equals("URL") ? url : a);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).isNotBlank();
    return out;
  }

  /** Same result type, same label sets, values equal within 1e-9 relative (NaN equals NaN). */
  static void assertSameData(JsonObject expected, JsonObject actual) {
    assertThat(actual.getString("resultType")).isEqualTo(expected.getString("resultType"));
    Object e = expected.getValue("result");
    Object a = actual.getValue("result");
    if (e instanceof JsonArray ea && ("vector".equals(expected.getString("resultType"))
        || "matrix".equals(expected.getString("resultType")))) {
      assertThat(bySeries(a == null ? new JsonArray() : (JsonArray) a).keySet()).isEqualTo(bySeries(ea).keySet());
      Map<String, JsonObject> am = bySeries((JsonArray) a);
      bySeries(ea).forEach((k, v) -> assertSamePoints(k, v, am.get(k)));
    } else {
      assertPoint("scalar", (JsonArray) e, (JsonArray) a);
    }
  }

  static Map<String, JsonObject> bySeries(JsonArray arr) {
    Map<String, JsonObject> m = new TreeMap<>();
    arr.forEach(x -> m.put(new TreeMap<>(((JsonObject) x).getJsonObject("metric").getMap()).toString(), (JsonObject) x));
    return m;
  }

  static void assertSamePoints(String series, JsonObject e, JsonObject a) {
    if (e.containsKey("value")) {
      assertPoint(series, e.getJsonArray("value"), a.getJsonArray("value"));
      return;
    }
    JsonArray ev = e.getJsonArray("values");
    JsonArray av = a.getJsonArray("values");
    assertThat(av.size()).as(series).isEqualTo(ev.size());
    for (int i = 0; i < ev.size(); i++) {
      assertPoint(series, ev.getJsonArray(i), av.getJsonArray(i));
    }
  }

  static void assertPoint(String series, JsonArray e, JsonArray a) {
    assertThat(a.getValue(0).toString()).as(series + " timestamp").isEqualTo(e.getValue(0).toString());
    String ev = e.getString(1);
    String av = a.getString(1);
    if (ev.equals(av)) {
      return;
    }
    double x = Double.parseDouble(ev.replace("Inf", "Infinity"));
    double y = Double.parseDouble(av.replace("Inf", "Infinity"));
    assertThat(Math.abs(x - y)).as(series + ": " + ev + " vs " + av).isLessThanOrEqualTo(1e-9 * Math.abs(x));
  }
}
