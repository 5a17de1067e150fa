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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape jobs in force: the config file's, plus those translated from PodMonitor and
 * ServiceMonitor objects when a Kubernetes API is reachable. Either side changing re-applies the
 * merged set. Monitor defaults (interval, timeout) follow the file's {@code global} section, so a
 * reload that changes it restarts the watcher, as the operator regenerates its config.
 *
 * <p>Finding the API, building the client (seconds of class loading and CPU) and starting the
 * watcher happen on a thread of their own: readiness needs the file's jobs, not the monitors',
 * which arrive whenever the API answers anyway.
 */
final class MonitorScrapeJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MonitorScrapeJobs.class);

  private final Consumer<PrometheusConfig> scrapeTarget;
  private final Supplier<KubernetesApiLocator.Located> locate;
  private final MonitorSelection selection;
  private final Path tlsAssets;
  private final ExecutorService kubernetesTasks = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kubernetes-monitors");
    t.setDaemon(true);
    return t;
  });
  private PrometheusConfig fileConfig;
  private List<ScrapeConfig> monitorJobs = List.of();
  private boolean located; // kubernetesTasks thread only
  private volatile KubernetesApiLocator.Located api;
  private KubernetesClient client;
  private MonitorWatcher watcher;
  private GlobalConfig watcherGlobal;
  private boolean closed;

  /** @param locate the Kubernetes API to watch, or null when none was found or monitors are switched off */
  MonitorScrapeJobs(Consumer<PrometheusConfig> scrapeTarget, Supplier<KubernetesApiLocator.Located> locate,
      MonitorSelection selection, Path tlsAssets) {
    this.scrapeTarget = scrapeTarget;
    this.locate = locate;
    this.selection = selection;
    this.tlsAssets = tlsAssets;
  }

  /** A (re)loaded config file: its jobs apply at once; the watcher follows on its own thread. */
  synchronized void fileConfig(PrometheusConfig cfg) {
    fileConfig = cfg;
    scrapeTarget.accept(merged());
    if (!closed) {
      GlobalConfig global = cfg.global();
      kubernetesTasks.execute(() -> watchWith(global));
    }
  }

  private synchronized void monitorJobs(List<ScrapeConfig> jobs) {
    monitorJobs = api.kubeconfig() == null ? List.copyOf(jobs) : withKubeconfig(jobs, api.kubeconfig().toString());
    if (fileConfig != null) {
      scrapeTarget.accept(merged());
    }
  }

  /** On the kubernetes thread: finds the API and builds the client once; (re)starts the watcher for {@code global}. */
  private void watchWith(GlobalConfig global) {
    try {
      synchronized (this) {
        if (closed) {
          return;
        }
      }
      if (!located) {
        api = locate.get();
        located = true;
      }
      KubernetesApiLocator.Located found = api;
      if (found == null) {
        return;
      }
      if (client == null) {
        log.info("Watching PodMonitors and ServiceMonitors via {}", found.source());
        KubernetesClient built = new KubernetesClientBuilder().withConfig(found.config()).build();
        synchronized (this) {
          if (closed) {
            built.close();
            return;
          }
          client = built;
        }
      }
      synchronized (this) {
        // A later reload has queued its own global; this one is outdated.
        if (closed || global.equals(watcherGlobal) || !global.equals(fileConfig.global())) {
          return;
        }
        if (watcher != null) {
          watcher.close();
        }
        watcherGlobal = global;
        watcher = new MonitorWatcher(client, selection, TranslatorOptions.DEFAULT.withGlobal(global),
            new KubernetesSecretResolver(client, tlsAssets), Duration.ofSeconds(5));
        watcher.start(this::monitorJobs);
      }
    } catch (RuntimeException e) {
      log.warn("Cannot watch PodMonitors/ServiceMonitors; their jobs are off until the next reload: {}", e.toString());
    }
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
  public void close() throws InterruptedException {
    synchronized (this) {
      closed = true;
    }
    kubernetesTasks.shutdown();
    if (!kubernetesTasks.awaitTermination(10, TimeUnit.SECONDS)) {
      log.warn("Kubernetes client still starting after 10s; closing what exists");
    }
    synchronized (this) {
      if (watcher != null) {
        watcher.close();
      }
      if (client != null) {
        client.close();
      }
    }
  }
}
