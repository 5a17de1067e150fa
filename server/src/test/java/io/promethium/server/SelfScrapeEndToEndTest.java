package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The out-of-the-box experience: a server whose config scrapes itself answers PromQL about itself
 * through the HTTP API, lists itself as an UP target, and serves the UI.
 */
class SelfScrapeEndToEndTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private PromethiumServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown();
    }
  }

  String get(String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  String post(String path) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  String query(String q) throws Exception {
    return get("/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
  }

  String awaitValue(String q) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    String r = query(q);
    while (!r.contains("\"value\":[") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      r = query(q);
    }
    assertThat(r).as(q).contains("\"value\":[");
    return r;
  }

  @Test
  void scrapesItselfAndAnswersQueries() throws Exception {
    int port = ServerProcessTest.freePort();
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          external_labels: {cluster: c1}
        scrape_configs:
          - job_name: promethium
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(port));
    ServerCommand flags = new ServerCommand();
    new CommandLine(flags).parseArgs("--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle", "--web.enable-admin-api");
    server = new PromethiumServer(flags, BuildInfo.load());
    server.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String up = "";
    while (System.nanoTime() < deadline) {
      up = query("up");
      if (up.endsWith(",\"1\"]}]}}")) {
        break;
      }
      Thread.sleep(200);
    }
    // The very first scrape may hit the server before it is ready (503), as with Prometheus.
    assertThat(up).as("targets: %s", get("/api/v1/targets")).startsWith("200 ").contains("\"job\":\"promethium\"").contains("\"instance\":\"127.0.0.1:" + port + "\"")
        .endsWith(",\"1\"]}]}}");

    // Request counters appear in /metrics once requests were served, i.e. from a later scrape on.
    assertThat(awaitValue("sum(prometheus_http_requests_total) > 0")).startsWith("200 ");
    assertThat(awaitValue("scrape_samples_scraped{job=\"promethium\"} > 50")).startsWith("200 ");

    String targets = get("/api/v1/targets");
    assertThat(targets).startsWith("200 ").contains("\"health\":\"up\"").contains("\"scrapePool\":\"promethium\"")
        .contains("\"labels\":{\"instance\":").doesNotContain("\"labels\":{\"__");
    assertThat(get("/api/v1/status/config")).startsWith("200 ").contains("job_name: promethium");
    assertThat(get("/api/v1/status/runtimeinfo")).contains("\"storageRetention\":\"15d\"")
        .contains("\"reloadConfigSuccess\":true");
    assertThat(get("/api/v1/status/buildinfo")).contains("\"version\":\"2.42.0\"");
    assertThat(get("/api/v1/label/job/values")).contains("\"promethium\"");
    assertThat(get("/api/v1/query?stats=all&query=" + URLEncoder.encode("up{job=\"promethium\"}", StandardCharsets.UTF_8)))
        .contains("\"totalQueryableSamples\":1,").contains("\"peakSamples\":1");
    assertThat(query("rate(")).startsWith("400 ").contains("\"errorType\":\"bad_data\"");
    assertThat(get("/graph")).startsWith("200 ").contains("<html");

    // Federation carries the external labels, and a reload that changes them takes effect.
    assertThat(get("/federate?match[]=" + URLEncoder.encode("up", StandardCharsets.UTF_8)))
        .startsWith("200 ").contains("cluster=\"c1\"");
    Files.writeString(cfg, Files.readString(cfg).replace("cluster: c1", "cluster: c2"));
    HttpResponse<String> reload = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/-/reload")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(reload.statusCode()).isEqualTo(200);
    assertThat(get("/federate?match[]=" + URLEncoder.encode("up", StandardCharsets.UTF_8))).contains("cluster=\"c2\"");

    // Admin API (enabled by flag): a snapshot lands under the data directory; deleted series vanish.
    String snap = post("/api/v1/admin/tsdb/snapshot");
    assertThat(snap).startsWith("200 ").contains("\"name\":\"");
    String name = snap.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1");
    assertThat(dir.resolve("data/snapshots").resolve(name)).isDirectory();
    assertThat(post("/api/v1/admin/tsdb/delete_series?match[]=" + URLEncoder.encode("scrape_samples_scraped",
        StandardCharsets.UTF_8) + "&end=" + (System.currentTimeMillis() / 1000 + 1))).startsWith("204");
    assertThat(query("count_over_time(scrape_samples_scraped[1h])")).endsWith("\"result\":[]}}");
    assertThat(post("/api/v1/admin/tsdb/clean_tombstones")).startsWith("204");
  }
}
