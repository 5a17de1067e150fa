package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * PodMonitor/ServiceMonitor watching end to end: a real Kubernetes-style API server (the bench's
 * fake apiserver, which fabric8 informers list and watch over HTTP) holding an Istio mesh, the
 * server pointed at it by kubeconfig, and Istio's monitors applied and deleted while it runs.
 */
class MonitorsEndToEndTest {
  static final Path MONITORS = Path.of("../docker/kubernetes/examples/prometheus-operator-monitors.istio-1.16.0.yaml");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process apiserver;
  private PromethiumServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown();
    }
    if (apiserver != null) {
      apiserver.destroyForcibly();
    }
  }

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/kube/" + name)) {
      Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
    }
    return p;
  }

  private int startApiserver() throws Exception {
    Path portFile = dir.resolve("port");
    apiserver = new ProcessBuilder("python3", resource("fake_kube_apiserver.py").toString(), "--port", "0",
        "--port-file", portFile.toString(), "--objects", resource("istio-mesh-objects.yaml").toString(),
        "--max-runtime", "600")
        .redirectErrorStream(true).redirectOutput(dir.resolve("apiserver.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
      assertThat(System.nanoTime()).as("fake apiserver did not start").isLessThan(deadline);
      Thread.sleep(50);
    }
    return Integer.parseInt(Files.readString(portFile).trim());
  }

  private String post(int port, String path, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return r.body();
  }

  private String targets() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/targets"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private String awaitTargets(Predicate<String> cond, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = targets();
      if (cond.test(last)) {
        return last;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("targets never reached the expected state; last: " + last);
  }

  @Test
  void istioMonitorsBecomeScrapeJobsAndGoAwayWhenDeleted() throws Exception {
    assumeTrue(new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 needed");
    int kubePort = startApiserver();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, Files.readString(resource("kubeconfig.template")).replace("PORT",
        Integer.toString(kubePort)));
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, """
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: file-job
            static_configs: [{targets: ["127.0.0.1:1"]}]
        """);
    ServerCommand flags = new ServerCommand();
    new CommandLine(flags).parseArgs("--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:0", "--kubernetes.kubeconfig=" + kubeconfig);
    server = new PromethiumServer(flags, BuildInfo.load());
    server.start();

    post(kubePort, "/_control/apply", Files.readString(MONITORS));

    String t = awaitTargets(s -> s.contains("podMonitor/istio-system/envoy-stats-monitor/0")
        && s.contains("serviceMonitor/istio-system/istio-component-monitor/0"), Duration.ofSeconds(60));
    // The sidecars of the mesh's pods, at the prometheus.io/port annotation's port, with the
    // monitor's labels; the file config's job is still there.
    assertThat(t).contains("\"scrapePool\":\"file-job\"")
        .contains("\"scrapeUrl\":\"http://127.0.0.1:15020/stats/prometheus\"")
        .contains("\"pod_name\":\"webapp-6f8b9c7d5-7xk2p\"")
        .contains("\"pod_name\":\"catalog-5c7f8d9b6-4mzrt\"")
        .contains("\"namespace\":\"istioinaction\"")
        // jobLabel "envoy-stats" names a pod label these pods lack, so the operator's fallback applies.
        .contains("\"job\":\"istio-system/envoy-stats-monitor\"")
        .contains("\"scrapeUrl\":\"http://127.0.0.1:15014/metrics\"");

    post(kubePort, "/_control/delete",
        "{\"apiVersion\":\"monitoring.coreos.com/v1\",\"kind\":\"PodMonitor\",\"namespace\":\"istio-system\",\"name\":\"envoy-stats-monitor\"}");
    String after = awaitTargets(s -> !s.contains("podMonitor/istio-system/envoy-stats-monitor/0"), Duration.ofSeconds(60));
    assertThat(after).contains("serviceMonitor/istio-system/istio-component-monitor/0").contains("file-job");
  }
}
