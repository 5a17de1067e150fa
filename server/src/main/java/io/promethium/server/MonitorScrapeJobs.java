package io.promethium.server;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.promethium.config.GlobalConfig;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.operator.TranslatorOptions;
import io.promethium.discovery.kubernetes.KubernetesSecretResolver;
import io.promethium.discovery.kubernetes.MonitorSelection;
import io.promethium.discovery.kubernetes.MonitorWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape jobs in force: the config file's, plus those translated from PodMonitor and
 * ServiceMonitor objects when a Kubernetes API is reachable. Either side changing re-applies the
 * merged set. Monitor defaults (interval, timeout) follow the file's {@code global} section, so a
 * reload that changes it restarts the watcher, as the operator regenerates its config.
 */
final class MonitorScrapeJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitorScrapeJobs.class);

  private final Consumer<PrometheusConfig> scrapeTarget;
  private final KubernetesApiLocator.Located api;
  private final MonitorSelection selection;
  private final Path tlsAssets;
  private PrometheusConfig fileConfig;
  private List<ScrapeConfig> monitorJobs = List.of();
  private KubernetesClient client;
  private MonitorWatcher watcher;
  private GlobalConfig watcherGlobal;

  /** @param api null when no Kubernetes API was found or monitors are switched off */
  MonitorScrapeJobs(Consumer<PrometheusConfig> scrapeTarget, KubernetesApiLocator.Located api,
      MonitorSelection selection, Path tlsAssets) {
    this.scrapeTarget = scrapeTarget;
    this.api = api;
    this.selection = selection;
    this.tlsAssets = tlsAssets;
  }

  /** A (re)loaded config file. */
  synchronized void fileConfig(PrometheusConfig cfg) {
    fileConfig = cfg;
    if (api != null && !cfg.global().equals(watcherGlobal)) {
      restartWatcher(cfg.global());
    }
    scrapeTarget.accept(merged());
  }

  private synchronized void monitorJobs(List<ScrapeConfig> jobs) {
    monitorJobs = api.kubeconfig() == null ? List.copyOf(jobs) : withKubeconfig(jobs, api.kubeconfig().toString());
    if (fileConfig != null) {
      scrapeTarget.accept(merged());
    }
  }

  private void restartWatcher(GlobalConfig global) {
    if (watcher != null) {
      watcher.close();
    } else {
      log.info("Watching PodMonitors and ServiceMonitors via {}", api.source());
      client = new KubernetesClientBuilder().withConfig(api.config()).build();
    }
    watcherGlobal = global;
    watcher = new MonitorWatcher(client, selection, TranslatorOptions.DEFAULT.withGlobal(global),
        new KubernetesSecretResolver(client, tlsAssets), Duration.ofSeconds(5));
    watcher.start(this::monitorJobs);
  }

  /**
   * The operator's jobs assume Prometheus runs in the cluster. Outside it, their discovery must use
   * the same API connection as the watcher, i.e. the kubeconfig it was found by.
   */
  private static List<ScrapeConfig> withKubeconfig(List<ScrapeConfig> jobs, String kubeconfig) {
    List<ScrapeConfig> out = new ArrayList<>(jobs.size());
    for (ScrapeConfig sc : jobs) {
      List<KubernetesSdConfig> sds = new ArrayList<>(sc.kubernetesSdConfigs().size());
      for (KubernetesSdConfig sd : sc.kubernetesSdConfigs()) {
        sds.add(sd.apiServer().isEmpty() && sd.kubeconfigFile().isEmpty() ? sd.withKubeconfigFile(kubeconfig) : sd);
      }
      out.add(sc.withKubernetesSdConfigs(sds));
    }
    return out;
  }

  /** The file's jobs first; a monitor job whose name a file job already uses is left out. */
  private PrometheusConfig merged() {
    if (monitorJobs.isEmpty()) {
      return fileConfig;
    }
    List<ScrapeConfig> all = new ArrayList<>(fileConfig.scrapeConfigs());
    Set<String> names = new HashSet<>();
    for (ScrapeConfig sc : all) {
      names.add(sc.jobName());
    }
    for (ScrapeConfig sc : monitorJobs) {
      if (names.add(sc.jobName())) {
        all.add(sc);
      } else {
        log.warn("Ignoring monitor job {}: the config file has a job of that name", sc.jobName());
      }
    }
    return new PrometheusConfig(fileConfig.global(), all, fileConfig.ruleFiles(), fileConfig.remoteWrite(),
        fileConfig.remoteRead(), fileConfig.originalYaml(), fileConfig.otherSections());
  }

  synchronized long translationFailures() {
    return watcher == null ? 0 : watcher.translationFailures();
  }

  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.close();
    }
    if (client != null) {
      client.close();
    }
  }
}
