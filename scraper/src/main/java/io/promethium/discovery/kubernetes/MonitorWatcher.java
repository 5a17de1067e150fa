package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.operator.MonitorTranslator;
import io.promethium.config.operator.PodMonitor;
import io.promethium.config.operator.SecretResolver;
import io.promethium.config.operator.ServiceMonitor;
import io.promethium.config.operator.TranslatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code monitoring.coreos.com/v1} ServiceMonitors and PodMonitors and turns the selected
 * ones into scrape configs with {@link MonitorTranslator}, in the operator's job order. The
 * listener gets the complete list whenever it changes (at most once per update interval), to be
 * merged with the file configuration's scrape configs. A monitor that fails to translate is
 * skipped, logged and counted; missing CRDs or RBAC are logged once and leave the list empty.
 */
public final class MonitorWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorWatcher.class);
  static final ResourceDefinitionContext SERVICE_MONITORS = crd("ServiceMonitor", "servicemonitors");
  static final ResourceDefinitionContext POD_MONITORS = crd("PodMonitor", "podmonitors");

  private final KubernetesClient client;
  private final MonitorSelection selection;
  private final MonitorTranslator translator;
  private final Duration updateInterval;
  private final List<SharedIndexInformer<GenericKubernetesResource>> serviceMonitors = new ArrayList<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> podMonitors = new ArrayList<>();
  private final Set<SharedIndexInformer<?>> failed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  private final AtomicLong translationFailures = new AtomicLong();
  private final Map<String, String> failedMonitors = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor;
  private Consumer<List<ScrapeConfig>> listener;
  private List<ScrapeConfig> sent;
  private long lastSend;
  private volatile boolean closed;

  /**
   * @param secrets resolves Secret/ConfigMap references (e.g. {@link KubernetesSecretResolver})
   * @param options the operator-level options (global interval, shards, endpointslice role)
   */
  public MonitorWatcher(KubernetesClient client, MonitorSelection selection, TranslatorOptions options,
      SecretResolver secrets, Duration updateInterval) {
    this.client = client;
    this.selection = selection;
    this.translator = new MonitorTranslator(options, secrets);
    this.updateInterval = updateInterval;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "monitor-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  private static ResourceDefinitionContext crd(String kind, String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com").withVersion("v1")
        .withKind(kind).withPlural(plural).withNamespaced(true).build();
  }

  /** Starts the informers; {@code listener} receives the full list of generated scrape configs on every change. */
  public void start(Consumer<List<ScrapeConfig>> listener) {
    this.listener = listener;
    watch(serviceMonitors, SERVICE_MONITORS, selection.serviceMonitorSelector());
    watch(podMonitors, POD_MONITORS, selection.podMonitorSelector());
    long period = Math.max(1, Math.min(updateInterval.toMillis(), 200));
    executor.scheduleWithFixedDelay(this::flush, 0, period, TimeUnit.MILLISECONDS);
  }

  private void watch(List<SharedIndexInformer<GenericKubernetesResource>> into, ResourceDefinitionContext ctx,
      String labelSelector) {
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, ?> op = client.genericKubernetesResources(ctx);
    List<FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, ?>> ops = new ArrayList<>();
    if (selection.namespaces().isEmpty()) {
      ops.add(op.inAnyNamespace());
    } else {
      for (String ns : selection.namespaces()) {
        ops.add(op.inNamespace(ns));
      }
    }
    for (FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, ?> f : ops) {
      if (!labelSelector.isEmpty()) {
        f = f.withLabelSelector(labelSelector);
      }
      SharedIndexInformer<GenericKubernetesResource> inf = f.runnableInformer(0);
      AtomicBoolean logged = new AtomicBoolean();
      inf.exceptionHandler((running, t) -> {
        if (logged.compareAndSet(false, true)) {
          // Typically the CRD is not installed (404) or RBAC forbids it (403); keep retrying quietly.
          LOG.warn("msg=\"cannot watch {}; monitors of this kind are ignored until it works\" err=\"{}\"",
              ctx.getPlural(), t.toString());
        }
        failed.add(inf);
        dirty.set(true);
        return !closed;
      });
      inf.addEventHandler(new ResourceEventHandler<GenericKubernetesResource>() {
        @Override
        public void onAdd(GenericKubernetesResource obj) {
          dirty.set(true);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
          dirty.set(true);
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
          dirty.set(true);
        }
      });
      into.add(inf);
      inf.start().whenComplete((v, e) -> {
        if (e != null && !closed) {
          failed.add(inf);
          dirty.set(true);
        }
      });
    }
  }

  private void flush() {
    if (closed) {
      return;
    }
    try {
      boolean first = sent == null;
      for (SharedIndexInformer<?> inf : all()) {
        if (!inf.hasSynced() && !failed.contains(inf)) {
          return; // wait for the first list, unless that kind cannot be watched
        }
      }
      if (!first && (!dirty.get() || System.nanoTime() - lastSend < updateInterval.toNanos())) {
        return;
      }
      dirty.set(false);
      lastSend = System.nanoTime();
      List<ScrapeConfig> configs = translate();
      if (!configs.equals(sent) && !closed) {
        sent = configs;
        listener.accept(configs);
      }
    } catch (RuntimeException e) {
      dirty.set(true);
      LOG.error("msg=\"monitor update failed\" err=\"{}\"", e.toString(), e);
    }
  }

  /** The operator's order: ServiceMonitors, then PodMonitors, each by namespace/name; failures skipped. */
  private List<ScrapeConfig> translate() {
    List<ScrapeConfig> out = new ArrayList<>();
    Set<String> failingNow = new HashSet<>();
    for (GenericKubernetesResource r : sorted(serviceMonitors)) {
      String id = "serviceMonitor/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
      try {
        out.addAll(translator.translate(ServiceMonitor.fromMap(asMap(r))));
      } catch (RuntimeException e) {
        failed(id, r, e, failingNow);
      }
    }
    for (GenericKubernetesResource r : sorted(podMonitors)) {
      String id = "podMonitor/" + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
      try {
        out.addAll(translator.translate(PodMonitor.fromMap(asMap(r))));
      } catch (RuntimeException e) {
        failed(id, r, e, failingNow);
      }
    }
    failedMonitors.keySet().retainAll(failingNow);
    return List.copyOf(out);
  }

  private void failed(String id, GenericKubernetesResource r, RuntimeException e, Set<String> failingNow) {
    failingNow.add(id);
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String key = reason + "@" + r.getMetadata().getResourceVersion();
    if (!key.equals(failedMonitors.put(id, key))) {
      // Counted and logged once per object version, like the operator's rejected-resources metric.
      translationFailures.incrementAndGet();
      LOG.warn("msg=\"skipping monitor: invalid\" monitor={} err=\"{}\"", id, reason);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(GenericKubernetesResource r) {
    return client.getKubernetesSerialization().convertValue(r, LinkedHashMap.class);
  }

  private static List<GenericKubernetesResource> sorted(List<SharedIndexInformer<GenericKubernetesResource>> infs) {
    List<GenericKubernetesResource> all = new ArrayList<>();
    for (SharedIndexInformer<GenericKubernetesResource> inf : infs) {
      all.addAll(inf.getStore().list());
    }
    all.sort(Comparator.comparing(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()));
    return all;
  }

  private List<SharedIndexInformer<?>> all() {
    List<SharedIndexInformer<?>> all = new ArrayList<>(serviceMonitors);
    all.addAll(podMonitors);
    return all;
  }

  /** Monitor translations that failed so far, counting each object version once (a metric for the server). */
  public long translationFailures() {
    return translationFailures.get();
  }

  /** Monitors currently skipped ({@code serviceMonitor/<ns>/<name>} or {@code podMonitor/<ns>/<name>}) and why. */
  public Map<String, String> failedMonitors() {
    Map<String, String> out = new LinkedHashMap<>();
    failedMonitors.forEach((k, v) -> out.put(k, v.substring(0, v.lastIndexOf('@'))));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    for (SharedIndexInformer<?> inf : all()) {
      inf.close();
    }
  }
}
