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
  private final ScrapeMetrics metrics = new ScrapeMetrics();

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
        metrics.poolsCreated.increment();
        p = new ScrapePool(vertx, storage, j, jitterSeed, metrics);
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

  /** {@code prometheus_target_scrape_pools_total}: pools created (a changed job reloads, it is not created). */
  public long scrapePoolsCreated() {
    return metrics.poolsCreated.sum();
  }

  /** {@code prometheus_target_scrape_pool_reloads_total}. */
  public long scrapePoolReloads() {
    return metrics.poolReloads.sum();
  }

  /** {@code prometheus_target_scrapes_exceeded_sample_limit_total}. */
  public long scrapesExceededSampleLimit() {
    return metrics.exceededSampleLimit.sum();
  }

  /** {@code prometheus_target_scrapes_sample_duplicate_timestamp_total}. */
  public long samplesDuplicateTimestamp() {
    return metrics.duplicateTimestamp.sum();
  }

  /** {@code prometheus_target_scrapes_sample_out_of_order_total}. */
  public long samplesOutOfOrder() {
    return metrics.outOfOrder.sum();
  }

  /** {@code prometheus_target_scrapes_sample_out_of_bounds_total}. */
  public long samplesOutOfBounds() {
    return metrics.outOfBounds.sum();
  }

  /** {@code prometheus_target_interval_length_seconds}, keyed by the configured interval as Go prints it ({@code 15s}, {@code 1m0s}). */
  public Map<String, IntervalLength> targetIntervalLengths() {
    return metrics.intervalLengths(System.nanoTime());
  }

  /** {@code prometheus_target_scrape_pool_targets{scrape_job}}: active (de-duplicated) targets per job, sorted. */
  public synchronized Map<String, Integer> scrapePoolTargets() {
    Map<String, Integer> out = new TreeMap<>();
    for (ScrapePool p : pools.values()) {
      out.put(p.jobName(), p.activeTargets().size());
    }
    return out;
  }

  /** {@code prometheus_sd_discovered_targets{name="scrape",config}}: discovered targets per job, sorted. */
  public synchronized Map<String, Integer> discoveredTargets() {
    Map<String, Integer> out = new TreeMap<>();
    for (ScrapePool p : pools.values()) {
      out.put(p.jobName(), p.discoveredTargetCount());
    }
    return out;
  }

  /**
   * Appends the scrape self-metrics in the Prometheus text format, families sorted by name with
   * Prometheus's HELP texts; like Go's registry, a labelled family with no series is left out.
   */
  public void appendMetrics(StringBuilder out) {
    Map<String, Integer> discovered = discoveredTargets();
    Map<String, Integer> poolTargets = scrapePoolTargets();
    if (!discovered.isEmpty()) {
      family(out, "prometheus_sd_discovered_targets", "Current number of discovered targets.", "gauge");
      for (Map.Entry<String, Integer> e : discovered.entrySet()) {
        out.append("prometheus_sd_discovered_targets{config=\"");
        escapeLabelValue(out, e.getKey());
        out.append("\",name=\"scrape\"} ");
        GoFormat.appendFloat(out, e.getValue());
        out.append('\n');
      }
    }
    Map<String, IntervalLength> intervals = targetIntervalLengths();
    if (!intervals.isEmpty()) {
      String n = "prometheus_target_interval_length_seconds";
      family(out, n, "Actual intervals between scrapes.", "summary");
      for (Map.Entry<String, IntervalLength> e : intervals.entrySet()) {
        IntervalLength l = e.getValue();
        quantile(out, e.getKey(), "0.01", l.q01());
        quantile(out, e.getKey(), "0.05", l.q05());
        quantile(out, e.getKey(), "0.5", l.q50());
        quantile(out, e.getKey(), "0.9", l.q90());
        quantile(out, e.getKey(), "0.99", l.q99());
        out.append(n).append("_sum{interval=\"").append(e.getKey()).append("\"} ");
        GoFormat.appendFloat(out, l.sumSeconds());
        out.append('\n').append(n).append("_count{interval=\"").append(e.getKey()).append("\"} ");
        GoFormat.appendFloat(out, l.count());
        out.append('\n');
      }
    }
    counter(out, "prometheus_target_scrape_pool_reloads_total", "Total number of scrape pool reloads.", scrapePoolReloads());
    if (!poolTargets.isEmpty()) {
      family(out, "prometheus_target_scrape_pool_targets", "Current number of targets in this scrape pool.", "gauge");
      for (Map.Entry<String, Integer> e : poolTargets.entrySet()) {
        out.append("prometheus_target_scrape_pool_targets{scrape_job=\"");
        escapeLabelValue(out, e.getKey());
        out.append("\"} ");
        GoFormat.appendFloat(out, e.getValue());
        out.append('\n');
      }
    }
    counter(out, "prometheus_target_scrape_pools_total", "Total number of scrape pool creation attempts.", scrapePoolsCreated());
    counter(out, "prometheus_target_scrapes_exceeded_sample_limit_total",
        "Total number of scrapes that hit the sample limit and were rejected.", scrapesExceededSampleLimit());
    counter(out, "prometheus_target_scrapes_sample_duplicate_timestamp_total",
        "Total number of samples rejected due to duplicate timestamps but different values.", samplesDuplicateTimestamp());
    counter(out, "prometheus_target_scrapes_sample_out_of_bounds_total",
        "Total number of samples rejected due to timestamp falling outside of the time bounds.", samplesOutOfBounds());
    counter(out, "prometheus_target_scrapes_sample_out_of_order_total",
        "Total number of samples rejected due to not being out of the expected order.", samplesOutOfOrder());
  }

  private static void family(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, long v) {
    family(out, name, help, "counter");
    out.append(name).append(' ');
    GoFormat.appendFloat(out, v);
    out.append('\n');
  }

  private static void quantile(StringBuilder out, String interval, String q, double v) {
    out.append("prometheus_target_interval_length_seconds{interval=\"").append(interval)
        .append("\",quantile=\"").append(q).append("\"} ");
    GoFormat.appendFloat(out, v);
    out.append('\n');
  }

  /** Text-format label value escaping: backslash, double quote and newline. */
  private static void escapeLabelValue(StringBuilder out, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
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
