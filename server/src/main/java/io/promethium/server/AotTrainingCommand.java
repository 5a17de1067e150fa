package io.promethium.server;

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
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The training run for the JVM's AOT cache (JDK 25+, {@code -XX:AOTCacheOutput}): the launcher runs
 * it once per build, and later starts map the classes it loaded and linked (and the profiles it
 * gathered) instead of loading them from the jars. It goes through what a start goes through: flag
 * parsing, logging, a server on loopback with a config that scrapes itself, queries, UI pages,
 * shutdown, and a second start that recovers the store the first one wrote. Not for operators,
 * hence hidden.
 */
@Command(name = "aot-training", hidden = true,
    description = "Start and stop a server on loopback in <dir> (training run for the JVM's AOT cache).")
public final class AotTrainingCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AotTrainingCommand.class);

  /** The pages and endpoints a start serves first: readiness probes, Grafana, the UI. */
  private static final List<String> PATHS = List.of("/-/healthy", "/-/ready", "/metrics", "/graph", "/targets",
      "/api/v1/status/buildinfo", "/api/v1/status/config", "/api/v1/status/flags", "/api/v1/targets",
      "/api/v1/labels", "/api/v1/label/__name__/values", "/api/v1/series?match%5B%5D=up", "/api/v1/metadata");

  /** Query shapes dashboards send first: selectors, rates, aggregations, joins, quantiles. */
  private static final List<String> QUERIES = List.of("up", "sum by (job) (up)", "up{job=~\".+\"} == 1",
      "rate(scrape_samples_scraped[1m])", "topk(3, sum by (instance) (scrape_samples_scraped))",
      "sum(rate(scrape_samples_scraped[1m])) / sum(rate(scrape_samples_post_metric_relabeling[1m]))",
      "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[1m])))",
      "count_over_time(up[5m])", "absent(nonexistent_metric)", "label_replace(up, \"x\", \"$1\", \"job\", \"(.*)\")");

  @Parameters(index = "0", description = "Scratch directory; a config and a data directory are written there.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    LogSetup.apply("info", "logfmt");
    Files.createDirectories(dir);
    int port = freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          external_labels:
            replica: training
        scrape_configs:
          - job_name: promethium-training
            static_configs:
              - targets: ["127.0.0.1:%d"]
            metric_relabel_configs:
              - source_labels: [__name__]
                regex: "go_.*"
                action: drop
        """.formatted(port));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int failures = 0;
    for (int round = 1; round <= 2; round++) {
      ServerCommand flags = new ServerCommand();
      new CommandLine(flags).parseArgs("--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle", "--web.enable-admin-api",
          "--kubernetes.monitors.enabled=false");
      PromethiumServer server = new PromethiumServer(flags, BuildInfo.load());
      try {
        server.start();
        Thread.sleep(2_500); // a few self-scrapes, so queries find data and the append path runs
        for (String path : paths(System.currentTimeMillis() / 1000)) {
          HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() != 200) {
            failures++;
            log.warn("AOT training: GET {} answered {}", path, r.statusCode());
          }
        }
      } finally {
        server.shutdown();
      }
    }
    log.info("AOT training done failures={}", failures);
    return failures == 0 ? 0 : 1;
  }

  private static List<String> paths(long nowSeconds) {
    List<String> all = new ArrayList<>(PATHS);
    for (String q : QUERIES) {
      String e = URLEncoder.encode(q, StandardCharsets.UTF_8);
      all.add("/api/v1/query?query=" + e + "&time=" + nowSeconds);
      all.add("/api/v1/query_range?query=" + e + "&start=" + (nowSeconds - 300) + "&end=" + nowSeconds + "&step=15");
    }
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
