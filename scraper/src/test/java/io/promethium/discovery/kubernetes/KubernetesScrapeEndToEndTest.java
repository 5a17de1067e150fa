package io.promethium.discovery.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.promethium.config.ConfigLoader;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.discovery.DiscoveryProvider;
import io.promethium.discovery.DiscoverySpec;
import io.promethium.scrape.ScrapeJobs;
import io.promethium.scrape.ScrapeManager;
import io.promethium.scrape.Target;
import io.promethium.scrape.TargetHealth;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Istio's classic {@code envoy-stats} job with {@code kubernetes_sd_configs: role: pod}: the
 * sidecar found through the mock API server is relabeled to a loopback Vert.x server standing in
 * for Envoy, scraped by the ScrapeManager into a real Tsdb, and read back through the Querier.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesScrapeEndToEndTest {
  static KubernetesClient client;
  @TempDir
  Path dir;

  /**
   * The discovery spec the server would build, but connected to the mock API server through a
   * proxy (cut before shutdown; see KubernetesDiscoveryTest#close).
   */
  private record MockApiSpec(KubernetesSdConfig config, int proxyPort) implements DiscoverySpec {
    @Override
    public DiscoveryProvider newProvider() {
      KubernetesSdConfig viaProxy = new KubernetesSdConfig(config.role(), "http://127.0.0.1:" + proxyPort, "",
          config.namespaces(), config.selectors(), config.attachMetadataNode(), config.httpClientConfig());
      return new KubernetesDiscovery(viaProxy, Duration.ofMillis(100));
    }
  }

  private static String config(int port) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
        - job_name: envoy-stats
          metrics_path: /stats/prometheus
          kubernetes_sd_configs:
          - role: pod
          relabel_configs:
          - source_labels: [__meta_kubernetes_pod_container_port_name]
            action: keep
            regex: '.*-envoy-prom'
          - source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
            action: replace
            regex: ([^:]+)(?::\\d+)?;(\\d+)
            replacement: $1:15090
            target_label: __address__
          - action: labeldrop
            regex: __meta_kubernetes_pod_label_(.+)
          - source_labels: [__meta_kubernetes_namespace]
            action: replace
            target_label: namespace
          - source_labels: [__meta_kubernetes_pod_name]
            action: replace
            target_label: pod_name
          # test only: the pod IP is not routable here, Envoy's stand-in listens on loopback
          - source_labels: [__address__]
            regex: '10\\.244\\.0\\.17:15090'
            replacement: 127.0.0.1:%d
            target_label: __address__
        """.formatted(port);
  }

  @Test
  void discoveredSidecarIsScrapedIntoStorage() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/kubernetes/istio-objects.yaml")) {
      for (HasMetadata o : client.load(in).items()) {
        client.resource(o).create();
      }
    }
    Vertx vertx = Vertx.vertx();
    java.net.URL master = client.getMasterUrl();
    DroppingProxy proxy = new DroppingProxy(master.getHost(), master.getPort());
    try {
      HttpServer envoy = vertx.createHttpServer().requestHandler(req -> {
        if (!req.path().equals("/stats/prometheus")) {
          req.response().setStatusCode(404).end();
          return;
        }
        req.response().putHeader("Content-Type", "text/plain; version=0.0.4").end("""
            # TYPE envoy_server_live gauge
            envoy_server_live 1
            # TYPE istio_requests_total counter
            istio_requests_total{response_code="200",destination_workload="productpage-v1"} 42
            """);
      }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

      try (Tsdb tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("data")));
          ScrapeManager manager = new ScrapeManager(vertx, tsdb)) {
        manager.apply(ScrapeJobs.from(ConfigLoader.loadString(config(envoy.actualPort())),
            k -> new MockApiSpec(k, proxy.port())));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<Target> targets;
        while (true) {
          targets = manager.activeTargets();
          if (targets.size() == 1 && targets.get(0).health() == TargetHealth.UP
              && !select(tsdb, Matcher.equal("__name__", "istio_requests_total")).isEmpty()) {
            break;
          }
          assertThat(System.nanoTime()).as("sidecar target up; targets: %s", targets).isLessThan(deadline);
          Thread.sleep(50);
        }
        Labels expected = Labels.of("instance", "127.0.0.1:" + envoy.actualPort(), "job", "envoy-stats",
            "namespace", "bookinfo", "pod_name", "productpage-v1-6b746f74dc-9stvs");
        assertThat(targets.get(0).seriesLabels()).isEqualTo(expected);
        assertThat(targets.get(0).discoveredLabels().get("__meta_kubernetes_pod_container_name")).isEqualTo("istio-proxy");

        List<Labels> requests = select(tsdb, Matcher.equal("__name__", "istio_requests_total"));
        assertThat(requests).containsExactly(expected.toBuilder().set("__name__", "istio_requests_total")
            .set("response_code", "200").set("destination_workload", "productpage-v1").build());
        assertThat(select(tsdb, Matcher.equal("__name__", "up"))).containsExactly(
            expected.toBuilder().set("__name__", "up").build());
        proxy.close();
      }
    } finally {
      proxy.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static List<Labels> select(Tsdb tsdb, Matcher... ms) {
    List<Labels> out = new ArrayList<>();
    try (Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, ms);
      while (ss.next()) {
        SampleIterator it = ss.at().iterator();
        if (it.next()) { // only series with at least one sample
          out.add(ss.at().labels());
        }
      }
    }
    return out;
  }
}
