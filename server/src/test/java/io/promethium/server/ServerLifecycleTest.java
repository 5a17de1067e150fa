package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The lifecycle endpoints, reload paths and self-metrics of a real server on loopback. */
class ServerLifecycleTest {
  static final String GOOD = """
      global:
        scrape_interval: 15s
      scrape_configs:
        - job_name: self
          static_configs:
            - targets: ["127.0.0.1:1"]
      """;
  static final String GOOD_30S = GOOD.replace("15s", "30s");
  static final String BAD = GOOD + "    scrape_timeout: 1h\n";

  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<PromethiumServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(PromethiumServer::shutdown);
  }

  PromethiumServer start(Path config, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:0"));
    args.addAll(List.of(extra));
    ServerCommand flags = new ServerCommand();
    new CommandLine(flags).parseArgs(args.toArray(new String[0]));
    PromethiumServer server = new PromethiumServer(flags, BuildInfo.load());
    servers.add(server);
    server.start();
    return server;
  }

  HttpResponse<String> send(PromethiumServer s, String method, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return client.send(req, HttpResponse.BodyHandlers.ofString());
  }

  Path writeConfig(String yaml) throws IOException {
    Path f = dir.resolve("prometheus.yml");
    Files.writeString(f, yaml);
    return f;
  }

  static double metric(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name + " in /metrics");
  }

  static void await(BooleanSupplier cond, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + max);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void healthyAndReadyAnswerLikePrometheus() throws Exception {
    PromethiumServer s = start(writeConfig(GOOD));
    HttpResponse<String> healthy = send(s, "GET", "/-/healthy");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).isEqualTo("Prometheus Server is Healthy.\n");
    HttpResponse<String> ready = send(s, "GET", "/-/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("Prometheus Server is Ready.\n");
    assertThat(send(s, "POST", "/-/ready").statusCode()).isEqualTo(405);
  }

  @Test
  void lifecycleEndpointsAreForbiddenWithoutTheFlag() throws Exception {
    PromethiumServer s = start(writeConfig(GOOD));
    HttpResponse<String> post = send(s, "POST", "/-/reload");
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.body()).startsWith("Lifecycle API is not enabled.");
    assertThat(send(s, "PUT", "/-/quit").statusCode()).isEqualTo(403);
    HttpResponse<String> get = send(s, "GET", "/-/reload");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.body()).startsWith("Only POST or PUT requests allowed");
  }

  @Test
  void httpReloadAppliesAGoodConfigAndKeepsTheOldOneOnABadConfig() throws Exception {
    Path cfg = writeConfig(GOOD);
    PromethiumServer s = start(cfg, "--web.enable-lifecycle");
    assertThat(metric(send(s, "GET", "/metrics").body(), "prometheus_config_last_reload_successful")).isEqualTo(1.0);
    assertThat(s.currentConfig().global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));

    Files.writeString(cfg, BAD);
    HttpResponse<String> bad = send(s, "POST", "/-/reload");
    assertThat(bad.statusCode()).isEqualTo(500);
    assertThat(bad.body()).startsWith("failed to reload config: ").contains("scrape timeout greater than scrape interval");
    assertThat(metric(send(s, "GET", "/metrics").body(), "prometheus_config_last_reload_successful")).isEqualTo(0.0);
    assertThat(s.currentConfig().global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));

    Files.writeString(cfg, GOOD_30S);
    assertThat(send(s, "PUT", "/-/reload").statusCode()).isEqualTo(200);
    assertThat(s.currentConfig().global().scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    String m = send(s, "GET", "/metrics").body();
    assertThat(metric(m, "prometheus_config_last_reload_successful")).isEqualTo(1.0);
    assertThat(metric(m, "prometheus_config_last_reload_success_timestamp_seconds"))
        .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
  }

  @Test
  void aChangedFileIsReloadedAndABrokenOneIsNot() throws Exception {
    Path cfg = writeConfig(GOOD);
    PromethiumServer s = start(cfg);
    Files.writeString(cfg, GOOD_30S);
    await(() -> s.currentConfig().global().scrapeInterval().equals(Duration.ofSeconds(30)), Duration.ofSeconds(20));
    Files.writeString(cfg, BAD);
    await(() -> {
      try {
        return metric(send(s, "GET", "/metrics").body(), "prometheus_config_last_reload_successful") == 0.0;
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }, Duration.ofSeconds(20));
    assertThat(s.currentConfig().global().scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aConfigMapStyleSymlinkSwapIsReloaded() throws Exception {
    // kubelet's layout: prometheus.yml -> ..data/prometheus.yml, ..data -> ..<timestamp>; an update
    // writes a new timestamped dir and renames a new ..data symlink over the old one.
    Path mount = Files.createDirectory(dir.resolve("mount"));
    Path v1 = Files.createDirectory(mount.resolve("..2026_11_22_v1"));
    Files.writeString(v1.resolve("prometheus.yml"), GOOD);
    Files.createSymbolicLink(mount.resolve("..data"), v1.getFileName());
    Files.createSymbolicLink(mount.resolve("prometheus.yml"), Path.of("..data/prometheus.yml"));
    PromethiumServer s = start(mount.resolve("prometheus.yml"));
    assertThat(s.currentConfig().global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));

    Path v2 = Files.createDirectory(mount.resolve("..2026_11_22_v2"));
    Files.writeString(v2.resolve("prometheus.yml"), GOOD_30S);
    Path tmp = Files.createSymbolicLink(mount.resolve("..data_tmp"), v2.getFileName());
    Files.move(tmp, mount.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    await(() -> s.currentConfig().global().scrapeInterval().equals(Duration.ofSeconds(30)), Duration.ofSeconds(20));
  }

  @Test
  void metricsAreValidExpositionTextWithPrometheusNames() throws Exception {
    PromethiumServer s = start(writeConfig(GOOD));
    send(s, "GET", "/-/healthy");
    HttpResponse<String> r = send(s, "GET", "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    assertThat(r.body()).contains("prometheus_build_info{").containsPattern("(?m)^prometheus_ready 1")
        .contains("prometheus_http_requests_total{").contains("jvm_memory_used_bytes")
        .contains("prometheus_tsdb_head_series_created_total ").contains("promethium_monitors_translation_failures_total ")
        .contains("prometheus_target_scrape_pools_total ").contains("prometheus_tsdb_head_samples_appended_total ");
    Path promtool = Path.of("/usr/bin/promtool");
    assumeTrue(Files.isExecutable(promtool), "promtool not installed");
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics said:%n%s", out).isZero();
  }

  @Test
  void aBadConfigAtStartupIsAnError() throws Exception {
    ServerCommand flags = new ServerCommand();
    new CommandLine(flags).parseArgs("--config.file=" + writeConfig(BAD), "--storage.tsdb.path=" + dir.resolve("d"),
        "--web.listen-address=127.0.0.1:0");
    PromethiumServer s = new PromethiumServer(flags, BuildInfo.load());
    servers.add(s);
    org.assertj.core.api.Assertions.assertThatThrownBy(s::start)
        .isInstanceOf(PromethiumServer.StartupException.class)
        .hasMessageContaining("scrape timeout greater than scrape interval");
  }
}
