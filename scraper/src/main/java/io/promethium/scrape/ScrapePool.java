package io.promethium.scrape;

import io.promethium.discovery.DiscoveryProvider;
import io.promethium.discovery.DiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.scrape.relabel.Relabeler;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets and loops of one job. Discovery updates are merged by group source; after every
 * update the target set is rebuilt, new targets get loops, vanished ones are stopped with stale
 * markers, and unchanged ones keep running (identity = target hash, as in Prometheus's
 * {@code scrapePool.sync}). Until every provider has reported once, nothing is synced, so a
 * restart never stales targets of a slower provider.
 */
public final class ScrapePool {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapePool.class);

  private final Vertx vertx;
  private final Storage storage;
  private final long jitterSeed;
  private final ScrapeMetrics metrics;
  private ScrapeJob job;
  private Relabeler targetRelabeler;
  private Relabeler metricRelabeler;
  private HttpClientAgent client;
  private final List<DiscoveryProvider> providers = new ArrayList<>();
  private boolean[] providerReported = new boolean[0];
  private final Map<Integer, Map<String, TargetGroup>> groups = new HashMap<>();
  private final Map<Long, ScrapeLoop> loops = new LinkedHashMap<>();
  private final Map<Long, Integer> loopGeneration = new HashMap<>();
  private final List<HttpClientAgent> retiredClients = new ArrayList<>();
  private int generation;
  private List<Target> active = List.of();
  private List<DroppedTarget> dropped = List.of();
  private List<String> lastErrors = List.of();
  private boolean stopped;

  ScrapePool(Vertx vertx, Storage storage, ScrapeJob job, long jitterSeed, ScrapeMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.storage = storage;
    this.jitterSeed = jitterSeed;
    configure(job);
  }

  private void configure(ScrapeJob job) {
    this.job = job;
    this.targetRelabeler = Relabeler.compile(job.settings().relabelConfigs());
    this.metricRelabeler = Relabeler.compile(job.settings().metricRelabelConfigs());
    this.client = vertx.createHttpClient(httpOptions(job.settings()), new PoolOptions().setHttp1MaxSize(2));
  }

  private static HttpClientOptions httpOptions(ScrapeSettings s) {
    HttpClientOptions o = new HttpClientOptions()
        .setDecompressionSupported(false) // gunzipped by BodyInflater on the worker
        .setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, s.scrapeTimeout().toMillis()));
    ScrapeHttpSettings h = s.http();
    if (h.tlsInsecureSkipVerify()) {
      o.setTrustAll(true).setVerifyHost(false);
    }
    if (!h.tlsCaFile().isEmpty()) {
      o.setTrustOptions(new PemTrustOptions().addCertPath(h.tlsCaFile()));
    }
    if (!h.tlsServerName().isEmpty()) {
      o.setForceSni(true); // the loop connects by address but names server_name in the handshake
    }
    if (!h.tlsCertFile().isEmpty() && !h.tlsKeyFile().isEmpty()) {
      o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(h.tlsCertFile()).setKeyPath(h.tlsKeyFile()));
    }
    return o;
  }

  public String jobName() {
    return job.name();
  }

  ScrapeJob job() {
    return job;
  }

  synchronized void start() {
    startProviders();
  }

  private void startProviders() {
    List<DiscoverySpec> specs = job.discovery();
    providerReported = new boolean[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      DiscoveryProvider p = specs.get(i).newProvider();
      providers.add(p);
    }
    if (specs.isEmpty()) {
      sync();
      return;
    }
    for (int i = 0; i < providers.size(); i++) {
      final int idx = i;
      providers.get(i).start(update -> onUpdate(idx, update));
    }
  }

  private synchronized void onUpdate(int provider, List<TargetGroup> update) {
    if (stopped || provider >= providerReported.length) {
      return;
    }
    Map<String, TargetGroup> m = groups.computeIfAbsent(provider, k -> new TreeMap<>());
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) {
        m.remove(g.source());
      } else {
        m.put(g.source(), g);
      }
    }
    providerReported[provider] = true;
    for (boolean r : providerReported) {
      if (!r) {
        return;
      }
    }
    sync();
  }

  /** Rebuilds targets from all groups and reconciles loops. */
  private void sync() {
    ScrapeSettings s = job.settings();
    TargetBuilder tb = new TargetBuilder(s, targetRelabeler);
    for (int p = 0; p < providerReported.length; p++) {
      Map<String, TargetGroup> m = groups.get(p);
      if (m != null) {
        for (TargetGroup g : m.values()) {
          tb.add(g);
        }
      }
    }
    for (String err : tb.errors()) {
      LOG.error("msg=\"Creating target failed\" scrape_pool={} err=\"{}\"", s.jobName(), err);
    }
    lastErrors = List.copyOf(tb.errors());
    LinkedHashMap<Long, Target> unique = new LinkedHashMap<>();
    for (Target t : tb.active()) {
      Target first = unique.get(t.hash());
      if (first == null) {
        unique.put(t.hash(), t);
      } else {
        // Duplicate target: the page shows the discovered labels of the last one, as Prometheus.
        first.setDiscoveredLabels(t.discoveredLabels());
      }
    }
    String forced = null;
    if (s.targetLimit() > 0 && unique.size() > s.targetLimit()) {
      forced = "target_limit exceeded (number of targets: " + unique.size() + ", limit: " + s.targetLimit() + ")";
    }
    // Loops whose target vanished stop with stale markers; loops from before a reload, or whose
    // forced error changed, are replaced by loops that continue their writer's state.
    List<Future<Void>> stops = new ArrayList<>();
    List<Long> gone = new ArrayList<>();
    for (Long h : loops.keySet()) {
      if (!unique.containsKey(h)) {
        gone.add(h);
      }
    }
    for (Long h : gone) {
      stops.add(loops.remove(h).stop(true));
      loopGeneration.remove(h);
    }
    List<Target> activeNow = new ArrayList<>();
    for (Map.Entry<Long, Target> e : unique.entrySet()) {
      Long h = e.getKey();
      ScrapeLoop l = loops.get(h);
      if (l == null) {
        l = new ScrapeLoop(vertx, client, e.getValue(), s, storage, metricRelabeler, null, jitterSeed, forced, metrics);
        loops.put(h, l);
        loopGeneration.put(h, generation);
        l.start();
      } else if (loopGeneration.get(h) != generation || !sameForced(l, forced)) {
        ScrapeLoop old = l;
        l.target().setDiscoveredLabels(e.getValue().discoveredLabels());
        ScrapeLoop next = new ScrapeLoop(vertx, client, old.target(), s, storage, metricRelabeler, null, jitterSeed, forced, metrics);
        // The new loop continues the old writer only once the old loop has fully stopped.
        Future<Void> stopped = old.stop(false).map(v -> {
          next.adopt(old.writer());
          next.start();
          return null;
        });
        stops.add(stopped);
        l = next;
        loops.put(h, l);
        loopGeneration.put(h, generation);
      } else {
        l.target().setDiscoveredLabels(e.getValue().discoveredLabels());
      }
      activeNow.add(l.target());
    }
    if (!retiredClients.isEmpty()) {
      List<HttpClientAgent> retire = new ArrayList<>(retiredClients);
      retiredClients.clear();
      Future.all(stops).onComplete(ar -> retire.forEach(HttpClientAgent::close));
    }
    List<DroppedTarget> droppedNow = new ArrayList<>();
    for (Labels d : tb.dropped()) {
      droppedNow.add(new DroppedTarget(s.jobName(), d));
    }
    active = List.copyOf(activeNow);
    dropped = List.copyOf(droppedNow);
  }

  private boolean sameForced(ScrapeLoop l, String forced) {
    String was = l.forcedError();
    return was == null ? forced == null : was.equals(forced);
  }

  /**
   * Applies a changed job the way Prometheus's {@code scrapePool.reload} does: running loops keep
   * going until the new discovery has reported; then targets that are still there restart with
   * the new settings (keeping cache and staleness state, no stale markers) and targets that are
   * gone stop with stale markers.
   */
  synchronized void reload(ScrapeJob newJob) {
    metrics.poolReloads.increment();
    for (DiscoveryProvider p : providers) {
      p.close();
    }
    providers.clear();
    groups.clear();
    retiredClients.add(client);
    generation++;
    configure(newJob);
    startProviders();
  }

  /** Stops discovery and all loops; with {@code staleMarkers}, marks every series of the job stale. */
  synchronized Future<Void> stop(boolean staleMarkers) {
    stopped = true;
    for (DiscoveryProvider p : providers) {
      p.close();
    }
    providers.clear();
    List<Future<Void>> fs = new ArrayList<>();
    for (ScrapeLoop l : loops.values()) {
      fs.add(l.stop(staleMarkers));
    }
    loops.clear();
    loopGeneration.clear();
    active = List.of();
    dropped = List.of();
    List<HttpClientAgent> clients = new ArrayList<>(retiredClients);
    clients.add(client);
    retiredClients.clear();
    return Future.all(fs).compose(v -> {
      List<Future<Void>> closes = new ArrayList<>();
      for (HttpClientAgent c : clients) {
        closes.add(c.close());
      }
      return Future.all(closes);
    }).mapEmpty();
  }

  public synchronized List<Target> activeTargets() {
    return active;
  }

  public synchronized List<DroppedTarget> droppedTargets() {
    return dropped;
  }

  /**
   * Targets in the latest discovery update of every provider (before relabeling and
   * de-duplication), as Prometheus's {@code prometheus_sd_discovered_targets}.
   */
  public synchronized int discoveredTargetCount() {
    int n = 0;
    for (Map<String, TargetGroup> m : groups.values()) {
      for (TargetGroup g : m.values()) {
        n += g.targets().size();
      }
    }
    return n;
  }

  /** Errors from the last target rebuild ({@code instance N in group S: no address}, …). */
  public synchronized List<String> targetErrors() {
    return lastErrors;
  }
}
