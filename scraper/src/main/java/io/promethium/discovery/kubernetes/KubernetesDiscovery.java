package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.KubernetesSelector;
import io.promethium.discovery.DiscoveryProvider;
import io.promethium.discovery.TargetGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubernetes_sd_configs}: fabric8 shared informers (list + watch, reconnecting with
 * backoff) on the objects of one role, turned into Prometheus 2.42's target groups. Events only
 * mark the state dirty; at most every {@code updateInterval} (Prometheus: 5 s) the groups are
 * rebuilt from the informer caches and those that changed are sent, deleted objects as empty
 * groups with the same source.
 */
public final class KubernetesDiscovery implements DiscoveryProvider, ClusterState {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesDiscovery.class);
  /** Informer resync: re-delivers the cache periodically; rebuilding is idempotent, so this only heals missed events. */
  private static final long RESYNC_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final KubernetesSdConfig config;
  private final Supplier<KubernetesClient> clientFactory;
  private final boolean ownsClient;
  private final Duration updateInterval;
  private final ServiceAccount serviceAccount;
  private KubernetesClient client;
  private List<String> namespaces; // empty = all
  private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();
  private final List<SharedIndexInformer<Service>> services = new ArrayList<>();
  private final List<SharedIndexInformer<Endpoints>> endpoints = new ArrayList<>();
  private final List<SharedIndexInformer<EndpointSlice>> slices = new ArrayList<>();
  private final List<SharedIndexInformer<Node>> nodes = new ArrayList<>();
  private final List<SharedIndexInformer<Ingress>> ingresses = new ArrayList<>();
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();
  private final AtomicBoolean dirty = new AtomicBoolean(true);
  private final Map<String, TargetGroup> sent = new HashMap<>();
  private final ScheduledExecutorService executor;
  private Consumer<List<TargetGroup>> listener;
  private boolean announced;
  private long lastSend;
  private volatile boolean closed;

  /** Connects as the config says (kubeconfig, api_server or in-cluster). */
  public KubernetesDiscovery(KubernetesSdConfig config, Duration updateInterval) {
    this(config, () -> new KubernetesClientBuilder().withConfig(ApiServerConfig.of(config, ServiceAccount.DEFAULT)).build(),
        true, updateInterval, ServiceAccount.DEFAULT);
  }

  /**
   * @param client used as is; closed with this provider only if {@code ownsClient}
   * @param serviceAccount where {@code own_namespace} is read from
   */
  public KubernetesDiscovery(KubernetesSdConfig config, KubernetesClient client, boolean ownsClient,
      Duration updateInterval, ServiceAccount serviceAccount) {
    this(config, () -> client, ownsClient, updateInterval, serviceAccount);
  }

  /** @param clientFactory called in {@link #start}; a failure there is logged and ends this provider only */
  public KubernetesDiscovery(KubernetesSdConfig config, Supplier<KubernetesClient> clientFactory, boolean ownsClient,
      Duration updateInterval, ServiceAccount serviceAccount) {
    this.config = config;
    this.clientFactory = clientFactory;
    this.ownsClient = ownsClient;
    this.updateInterval = updateInterval;
    this.serviceAccount = serviceAccount;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "kubernetes-sd-" + config.role());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start(Consumer<List<TargetGroup>> listener) {
    this.listener = listener;
    String role = config.role();
    try {
      Set<String> ns = new LinkedHashSet<>(config.namespaces().names());
      if (config.namespaces().ownNamespace()) {
        ns.add(serviceAccount.namespace());
      }
      namespaces = List.copyOf(ns);
      client = clientFactory.get();
    } catch (RuntimeException e) {
      // Like Prometheus: this discoverer fails ("Cannot create service discovery"), the others run on.
      LOG.error("msg=\"Cannot create service discovery\" type=kubernetes role={} err=\"{}\"", role, e.getMessage(), e);
      listener.accept(List.of()); // report (nothing) so the job's other discovery configs still sync
      return;
    }
    switch (role) {
      case "pod" -> {
        namespaced(pods, client.pods(), "pod");
        if (config.attachMetadataNode()) {
          add(nodes, client.nodes(), "node");
        }
      }
      case "service" -> namespaced(services, client.services(), "service");
      case "endpoints", "endpointslice" -> {
        if (role.equals("endpoints")) {
          namespaced(endpoints, client.endpoints(), "endpoints");
        } else {
          namespaced(slices, client.discovery().v1().endpointSlices(), "endpointslice");
        }
        namespaced(services, client.services(), "service");
        namespaced(pods, client.pods(), "pod");
        if (config.attachMetadataNode()) {
          add(nodes, client.nodes(), "node");
        }
      }
      case "node" -> add(nodes, client.nodes(), "node");
      case "ingress" -> namespaced(ingresses, client.network().v1().ingresses(), "ingress");
      default -> throw new IllegalArgumentException("unknown Kubernetes SD role \"" + role + "\"");
    }
    for (SharedIndexInformer<?> inf : all) {
      inf.start().whenComplete((v, e) -> {
        if (e != null && !closed) {
          LOG.error("msg=\"informer failed to start\" role={} err=\"{}\"", role, e.toString());
        }
      });
    }
    // Tick often enough to send the first state soon after the caches synced; later updates
    // still go out at most once per update interval.
    long period = Math.max(1, Math.min(updateInterval.toMillis(), 200));
    executor.scheduleWithFixedDelay(this::flush, 0, period, TimeUnit.MILLISECONDS);
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> void namespaced(
      List<SharedIndexInformer<T>> into, MixedOperation<T, L, ?> op, String selectorRole) {
    if (namespaces.isEmpty()) {
      add(into, op.inAnyNamespace(), selectorRole);
    } else {
      for (String ns : namespaces) {
        add(into, op.inNamespace(ns), selectorRole);
      }
    }
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> void add(
      List<SharedIndexInformer<T>> into, FilterWatchListDeletable<T, L, ?> op, String selectorRole) {
    FilterWatchListDeletable<T, L, ?> f = op;
    for (KubernetesSelector s : config.selectors()) {
      if (!s.role().equals(selectorRole)) {
        continue;
      }
      if (!s.label().isEmpty()) {
        f = f.withLabelSelector(s.label());
      }
      f = FieldSelector.apply(f, s.field());
    }
    SharedIndexInformer<T> inf = f.runnableInformer(RESYNC_MILLIS);
    String role = config.role();
    inf.exceptionHandler((running, t) -> {
      // Keep retrying (with the client's backoff); RBAC or network trouble must not end discovery.
      LOG.warn("msg=\"kubernetes watch failed; retrying\" role={} resource={} err=\"{}\"", role, selectorRole, t.toString());
      return !closed;
    });
    inf.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        dirty.set(true);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        dirty.set(true);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        dirty.set(true);
      }
    });
    into.add(inf);
    all.add(inf);
  }

  /** Rebuilds all groups when something changed and sends the difference to the last update. */
  private void flush() {
    if (closed) {
      return;
    }
    try {
      for (SharedIndexInformer<?> inf : all) {
        if (!inf.hasSynced()) {
          return; // Prometheus waits for the caches before the first update
        }
      }
      if (announced && (!dirty.get() || System.nanoTime() - lastSend < updateInterval.toNanos())) {
        return;
      }
      dirty.set(false);
      lastSend = System.nanoTime();
      Map<String, TargetGroup> now = new HashMap<>();
      switch (config.role()) {
        case "pod" -> build(now, pods, p -> PodTargets.build(p, this));
        case "service" -> build(now, services, ServiceTargets::build);
        case "endpoints" -> build(now, endpoints, e -> EndpointsTargets.build(e, this));
        case "endpointslice" -> build(now, slices, e -> EndpointSliceTargets.build(e, this));
        case "node" -> build(now, nodes, NodeTargets::build);
        case "ingress" -> build(now, ingresses, IngressTargets::build);
        default -> throw new IllegalStateException(config.role());
      }
      List<TargetGroup> update = new ArrayList<>();
      for (Map.Entry<String, TargetGroup> e : now.entrySet()) {
        if (!Objects.equals(sent.get(e.getKey()), e.getValue())) {
          update.add(e.getValue());
        }
      }
      for (String source : sent.keySet()) {
        if (!now.containsKey(source)) {
          update.add(TargetGroup.empty(source));
        }
      }
      sent.clear();
      sent.putAll(now);
      if ((!update.isEmpty() || !announced) && !closed) {
        announced = true;
        update.sort((a, b) -> a.source().compareTo(b.source()));
        listener.accept(update);
      }
    } catch (RuntimeException e) {
      dirty.set(true); // retry on the next tick
      LOG.error("msg=\"kubernetes discovery update failed\" role={} err=\"{}\"", config.role(), e.toString(), e);
    }
  }

  private static <T> void build(Map<String, TargetGroup> into, List<SharedIndexInformer<T>> informers,
      Function<T, TargetGroup> builder) {
    for (SharedIndexInformer<T> inf : informers) {
      for (T obj : inf.getStore().list()) {
        TargetGroup g = builder.apply(obj);
        into.put(g.source(), g);
      }
    }
  }

  @Override
  public Pod pod(String namespace, String name) {
    return lookup(pods, namespace + "/" + name);
  }

  @Override
  public Service service(String namespace, String name) {
    return lookup(services, namespace + "/" + name);
  }

  @Override
  public Node node(String name) {
    return lookup(nodes, name);
  }

  @Override
  public boolean attachNode() {
    return config.attachMetadataNode();
  }

  private static <T> T lookup(List<SharedIndexInformer<T>> informers, String key) {
    for (SharedIndexInformer<T> inf : informers) {
      T obj = inf.getStore().getByKey(key);
      if (obj != null) {
        return obj;
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    executor.shutdownNow();
    for (SharedIndexInformer<?> inf : all) {
      inf.close();
    }
    if (ownsClient && client != null) {
      client.close();
    }
  }
}
