package io.promethium.scrape;

import io.promethium.tsdb.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * All scrape pools of the server. {@link #apply} takes the complete list of jobs of a (re)loaded
 * configuration: unchanged jobs keep running untouched, changed jobs reload (loops restart with
 * caches kept, no stale markers), removed jobs stop and mark their series stale, new jobs start.
 */
public final class ScrapeManager implements AutoCloseable {
  private final Vertx vertx;
  private final Storage storage;
  private final long jitterSeed;
  private final Map<String, ScrapePool> pools = new TreeMap<>();

  public ScrapeManager(Vertx vertx, Storage storage) {
    this(vertx, storage, 0);
  }

  /**
   * @param jitterSeed mixed into every target's scrape phase; Prometheus derives it from the
   *     hostname and external labels so HA replicas do not scrape in lockstep
   */
  public ScrapeManager(Vertx vertx, Storage storage, long jitterSeed) {
    this.vertx = vertx;
    this.storage = storage;
    this.jitterSeed = jitterSeed;
  }

  /** Applies a loaded prometheus.yml (static, file and Kubernetes discovery; see {@link ScrapeJobs}). */
  public void apply(io.promethium.config.PrometheusConfig config) {
    apply(ScrapeJobs.from(config, io.promethium.discovery.kubernetes.KubernetesDiscoverySpec::of));
  }

  /** Applies a configuration's jobs (job names must be unique, as config validation ensures). */
  public synchronized void apply(List<ScrapeJob> jobs) {
    Map<String, ScrapeJob> wanted = new LinkedHashMap<>();
    for (ScrapeJob j : jobs) {
      if (wanted.put(j.name(), j) != null) {
        throw new IllegalArgumentException("found multiple scrape configs with job name \"" + j.name() + "\"");
      }
    }
    Set<String> removed = new HashSet<>(pools.keySet());
    removed.removeAll(wanted.keySet());
    for (String name : removed) {
      pools.remove(name).stop(true);
    }
    for (ScrapeJob j : wanted.values()) {
      ScrapePool p = pools.get(j.name());
      if (p == null) {
        p = new ScrapePool(vertx, storage, j, jitterSeed);
        pools.put(j.name(), p);
        p.start();
      } else if (!p.job().equals(j)) {
        p.reload(j);
      }
    }
  }

  /** Job names with a running pool, sorted. */
  public synchronized List<String> jobNames() {
    return new ArrayList<>(pools.keySet());
  }

  public synchronized ScrapePool pool(String job) {
    return pools.get(job);
  }

  /** Active targets per job (sorted by job), for {@code /api/v1/targets} and the targets page. */
  public synchronized Map<String, List<Target>> activeTargetsByJob() {
    Map<String, List<Target>> out = new LinkedHashMap<>();
    for (ScrapePool p : pools.values()) {
      out.put(p.jobName(), p.activeTargets());
    }
    return out;
  }

  public synchronized List<Target> activeTargets() {
    List<Target> out = new ArrayList<>();
    for (ScrapePool p : pools.values()) {
      out.addAll(p.activeTargets());
    }
    return out;
  }

  public synchronized List<DroppedTarget> droppedTargets() {
    List<DroppedTarget> out = new ArrayList<>();
    for (ScrapePool p : pools.values()) {
      out.addAll(p.droppedTargets());
    }
    return out;
  }

  /** Stops every pool; with {@code staleMarkers} their series are marked stale (Prometheus does not on shutdown). */
  public synchronized Future<Void> stop(boolean staleMarkers) {
    List<Future<Void>> fs = new ArrayList<>();
    for (ScrapePool p : pools.values()) {
      fs.add(p.stop(staleMarkers));
    }
    pools.clear();
    return Future.all(fs).mapEmpty();
  }

  /** Shutdown: stops all loops without stale markers and waits for in-flight scrapes. */
  @Override
  public void close() {
    try {
      stop(false).toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("scrape manager did not stop cleanly", e);
    }
  }
}
