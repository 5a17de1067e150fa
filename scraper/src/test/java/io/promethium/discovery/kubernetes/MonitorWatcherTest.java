package io.promethium.discovery.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.operator.TranslatorOptions;
import io.promethium.discovery.TargetGroup;
import io.promethium.scrape.ScrapeJobs;
import io.promethium.scrape.Target;
import io.promethium.scrape.TargetBuilder;
import io.promethium.tsdb.Labels;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PodMonitor/ServiceMonitor watching against the mock API server: the seeds' Istio monitors become
 * the operator's jobs and, with pod/endpoints discovery and relabeling, the targets of the
 * translation worked example (shared/corpus/prometheus-operator/TRANSLATION.md §8).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class MonitorWatcherTest {
  private static final Duration FAST = Duration.ofMillis(100);
  private static final String ENVOY = "podMonitor/prometheus/envoy-stats-monitor/0";
  private static final String ISTIOD = "serviceMonitor/prometheus/istio-component-monitor/0";
  private static final String SECURED = "serviceMonitor/prometheus/secured-monitor/0";

  static KubernetesClient client;
  @TempDir
  Path assets;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void load() throws Exception {
    for (String file : List.of("/kubernetes/istio-objects.yaml", "/kubernetes/monitors.yaml")) {
      try (InputStream in = MonitorWatcherTest.class.getResourceAsStream(file)) {
        for (HasMetadata o : client.load(in).items()) {
          if (o instanceof GenericKubernetesResource g) {
            client.genericKubernetesResources(g.getKind().equals("PodMonitor") ? MonitorWatcher.POD_MONITORS
                : MonitorWatcher.SERVICE_MONITORS).inNamespace(g.getMetadata().getNamespace()).resource(g).create();
          } else {
            client.resource(o).create();
          }
        }
      }
    }
  }

  @AfterEach
  void close() throws Exception {
    // Proxies first (registered first): see KubernetesDiscoveryTest#close for the mock server's
    // event-loop stall on graceful watch closes.
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** A client for the code under test, connected through a proxy that is cut before teardown. */
  private KubernetesClient watchingClient() throws Exception {
    java.net.URL master = client.getMasterUrl();
    DroppingProxy proxy = new DroppingProxy(master.getHost(), master.getPort());
    toClose.add(0, proxy);
    KubernetesClient c = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(ApiServerConfig.of(
        new io.promethium.config.KubernetesSdConfig("pod", "http://127.0.0.1:" + proxy.port(), "",
            io.promethium.config.NamespaceDiscovery.ALL, List.of(), false, io.promethium.config.HttpClientConfig.DEFAULT),
        ServiceAccount.DEFAULT)).build();
    toClose.add(c);
    return c;
  }

  /** Collects the watcher's lists and waits for one that satisfies a condition. */
  private static final class Jobs implements java.util.function.Consumer<List<ScrapeConfig>> {
    private List<ScrapeConfig> last;
    private int updates;

    @Override
    public synchronized void accept(List<ScrapeConfig> configs) {
      last = configs;
      updates++;
      notifyAll();
    }

    synchronized List<ScrapeConfig> await(Predicate<List<ScrapeConfig>> condition) throws InterruptedException {
      // Generous: when the mock server stalls a list, the informer retries with a backoff of
      // several seconds (seen on a loaded 2-core machine); the state must still arrive.
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (last == null || !condition.test(last)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("monitor watcher did not reach the expected state; last: " + names(last));
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return last;
    }
  }

  private static List<String> names(List<ScrapeConfig> configs) {
    List<String> out = new ArrayList<>();
    if (configs != null) {
      for (ScrapeConfig c : configs) {
        out.add(c.jobName());
      }
    }
    return out;
  }

  private MonitorWatcher start(MonitorSelection selection, Jobs jobs) throws Exception {
    return start(watchingClient(), selection, jobs);
  }

  private MonitorWatcher start(KubernetesClient c, MonitorSelection selection, Jobs jobs) {
    MonitorWatcher w = new MonitorWatcher(c, selection, TranslatorOptions.DEFAULT,
        new KubernetesSecretResolver(c, assets), FAST);
    toClose.add(w);
    w.start(jobs);
    return w;
  }

  private static ScrapeConfig job(List<ScrapeConfig> configs, String name) {
    for (ScrapeConfig c : configs) {
      if (c.jobName().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no job " + name + " in " + names(configs));
  }

  @Test
  void selectedMonitorsBecomeJobsInTheOperatorsOrder() throws Exception {
    Jobs jobs = new Jobs();
    start(new MonitorSelection(List.of("prometheus"), "release=istio", "release=istio"), jobs);
    List<ScrapeConfig> configs = jobs.await(l -> l.size() == 3);
    // ServiceMonitors first, then PodMonitors, each sorted by namespace/name; other-team is not selected.
    assertThat(names(configs)).containsExactly(ISTIOD, SECURED, ENVOY);

    ScrapeConfig envoy = job(configs, ENVOY);
    assertThat(envoy.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(envoy.metricsPath()).isEqualTo("/stats/prometheus");
    assertThat(envoy.kubernetesSdConfigs()).singleElement()
        .satisfies(k -> {
          assertThat(k.role()).isEqualTo("pod");
          assertThat(k.namespaces().names()).isEmpty(); // namespaceSelector.any
        });
    assertThat(job(configs, ISTIOD).kubernetesSdConfigs().get(0).role()).isEqualTo("endpoints");

    // basic auth resolved from the Secret through the API
    ScrapeConfig secured = job(configs, SECURED);
    assertThat(secured.scheme()).isEqualTo("https");
    assertThat(secured.httpClientConfig().basicAuth().username()).isEqualTo("scraper");
    assertThat(secured.httpClientConfig().basicAuth().password()).isEqualTo("s3cr3t");
  }

  @Test
  void withoutSelectorsAllMonitorsAreUsed() throws Exception {
    Jobs jobs = new Jobs();
    start(MonitorSelection.ALL, jobs);
    assertThat(names(jobs.await(l -> l.size() == 4)))
        .containsExactly(ISTIOD, SECURED, ENVOY, "podMonitor/prometheus/other-team/0");
  }

  @Test
  void invalidMonitorIsSkippedCountedAndTheOthersStay() throws Exception {
    Jobs jobs = new Jobs();
    MonitorWatcher w = start(new MonitorSelection(List.of("staging"), "", ""), jobs);
    assertThat(jobs.await(l -> true)).isEmpty();
    GenericKubernetesResource good = podMonitor("good", "30s");
    GenericKubernetesResource bad = podMonitor("bad", "fifteen seconds");
    pm("staging").resource(bad).create();
    pm("staging").resource(good).create();
    List<ScrapeConfig> configs = jobs.await(l -> l.size() == 1);
    assertThat(names(configs)).containsExactly("podMonitor/staging/good/0");
    assertThat(configs.get(0).scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(w.translationFailures()).isEqualTo(1);
    assertThat(w.failedMonitors()).containsOnlyKeys("podMonitor/staging/bad");

    // Deleting the good one removes its job; deleting the bad one clears the failure.
    pm("staging").withName("good").delete();
    jobs.await(List::isEmpty);
    pm("staging").withName("bad").delete();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!w.failedMonitors().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(w.failedMonitors()).isEmpty();
    assertThat(w.translationFailures()).isEqualTo(1);
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> pm(String ns) {
    return client.genericKubernetesResources(MonitorWatcher.POD_MONITORS).inNamespace(ns);
  }

  private static GenericKubernetesResource podMonitor(String name, String interval) {
    return Serialization.unmarshal("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: %s, namespace: staging}
        spec:
          selector: {matchLabels: {app: %s}}
          podMetricsEndpoints:
          - {port: metrics, interval: "%s"}
        """.formatted(name, name, interval), GenericKubernetesResource.class);
  }

  @Test
  void missingCrdsAreNotFatal() throws Exception {
    // A plain mock server without expectations answers 404 to everything, like a cluster without the CRDs.
    KubernetesMockServer bare = new KubernetesMockServer(false);
    bare.init();
    KubernetesClient bareClient = bare.createClient();
    toClose.add(bare::destroy);
    toClose.add(bareClient);
    Jobs jobs = new Jobs();
    start(bareClient, MonitorSelection.ALL, jobs);
    assertThat(jobs.await(l -> true)).isEmpty();
  }

  /** Runs one generated job's Kubernetes discovery (against the mock server) and relabeling. */
  private List<Target> targets(ScrapeConfig job) throws Exception {
    TargetGroupCollector groups = new TargetGroupCollector();
    KubernetesDiscovery d = new KubernetesDiscovery(job.kubernetesSdConfigs().get(0), watchingClient(), false, FAST,
        ServiceAccount.DEFAULT);
    toClose.add(d);
    d.start(groups);
    groups.await(g -> !g.isEmpty());
    TargetBuilder b = new TargetBuilder(ScrapeJobs.settings(job));
    for (TargetGroup g : groups.groups().values()) {
      b.add(g);
    }
    assertThat(b.errors()).isEmpty();
    return b.active();
  }

  @Test
  void envoyStatsPodMonitorScrapesTheSidecarsMergedMetricsPort() throws Exception {
    Jobs jobs = new Jobs();
    start(new MonitorSelection(List.of("prometheus"), "release=istio", "release=istio"), jobs);
    List<Target> targets = targets(job(jobs.await(l -> l.size() == 3), ENVOY));
    // Only the istio-proxy container of the injected pod; istiod has no sidecar, the
    // productpage app port and the port-less istio-init container are dropped.
    assertThat(targets).singleElement().satisfies(t -> {
      // The worked example's final labels (TRANSLATION.md §8), exactly.
      assertThat(t.seriesLabels()).isEqualTo(Labels.fromMap(Map.of(
          "container", "istio-proxy",
          "instance", "10.244.0.17:15020",
          "job", "prometheus/envoy-stats-monitor",
          "namespace", "bookinfo",
          "pod", "productpage-v1-6b746f74dc-9stvs",
          "pod_name", "productpage-v1-6b746f74dc-9stvs")));
      assertThat(t.labels().get("__scrape_interval__")).isEqualTo("15s");
      assertThat(t.url()).isEqualTo("http://10.244.0.17:15020/stats/prometheus");
    });
  }

  @Test
  void istioComponentServiceMonitorScrapesIstiodMonitoringPort() throws Exception {
    Jobs jobs = new Jobs();
    start(new MonitorSelection(List.of("prometheus"), "release=istio", "release=istio"), jobs);
    List<Target> targets = targets(job(jobs.await(l -> l.size() == 3), ISTIOD));
    assertThat(targets).singleElement().satisfies(t -> {
      assertThat(t.seriesLabels()).isEqualTo(Labels.fromMap(Map.of(
          "app", "istiod",
          "endpoint", "http-monitoring",
          "instance", "10.244.0.9:15014",
          "job", "pilot",
          "namespace", "istio-system",
          "pod", "istiod-7d4885fc54-z8x2m",
          "service", "istiod")));
      assertThat(t.url()).isEqualTo("http://10.244.0.9:15014/metrics");
    });
  }
}
