package io.promethium.scrape;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape target after relabeling: its full label set (internal {@code __} labels steer the
 * scrape), the labels attached to its series, its URL, and the health its loop last reported.
 * Identity (for reloads and de-duplication) is {@link #hash()}, over labels and URL as in
 * Prometheus.
 */
public final class Target {
  private final String job;
  private final Labels labels;
  private final Labels seriesLabels;
  private final String url;
  private final long intervalMillis;
  private final long timeoutMillis;
  private final long hash;
  private volatile Labels discoveredLabels;

  private volatile TargetHealth health = TargetHealth.UNKNOWN;
  private volatile String lastError = "";
  private volatile long lastScrapeMillis;
  private volatile double lastScrapeDurationSeconds;
  private volatile long lastSamplesScraped;
  private volatile java.util.List<MetricMetadata> metadata = java.util.List.of();
  private final java.util.concurrent.atomic.LongAdder samplesAppended = new java.util.concurrent.atomic.LongAdder();

  Target(String job, Labels labels, Labels discoveredLabels, Map<String, List<String>> params,
      long intervalMillis, long timeoutMillis) {
    this.job = job;
    this.labels = labels;
    this.discoveredLabels = discoveredLabels;
    this.intervalMillis = intervalMillis;
    this.timeoutMillis = timeoutMillis;
    LabelsBuilder lb = new LabelsBuilder();
    for (int i = 0; i < labels.size(); i++) {
      if (!labels.name(i).startsWith("__")) {
        lb.set(labels.name(i), labels.value(i));
      }
    }
    this.seriesLabels = lb.build();
    this.url = buildUrl(labels, params);
    long h = 0xcbf29ce484222325L;
    h = fnv(h, Long.toString(labels.hash()));
    h = fnv(h, url);
    this.hash = h;
  }

  private static long fnv(long h, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (byte x : b) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** scheme://address/path?params, with {@code __param_*} overriding the first value of a param. */
  private static String buildUrl(Labels labels, Map<String, List<String>> params) {
    TreeMap<String, List<String>> q = new TreeMap<>();
    params.forEach((k, v) -> q.put(k, new java.util.ArrayList<>(v)));
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.name(i);
      if (n.startsWith("__param_")) {
        String k = n.substring("__param_".length());
        List<String> vs = q.computeIfAbsent(k, x -> new java.util.ArrayList<>());
        if (vs.isEmpty()) {
          vs.add(labels.value(i));
        } else {
          vs.set(0, labels.value(i));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(labels.get("__scheme__")).append("://").append(labels.get("__address__"));
    String path = labels.get("__metrics_path__");
    if (!path.isEmpty() && !path.startsWith("/")) {
      sb.append('/');
    }
    sb.append(path);
    boolean first = true;
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      for (String v : e.getValue()) {
        sb.append(first ? '?' : '&');
        first = false;
        sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  public String job() {
    return job;
  }

  /** All labels after relabeling, internal {@code __} labels included (the API's "labels" hide them). */
  public Labels labels() {
    return labels;
  }

  /** The labels attached to every scraped series (no {@code __}-prefixed ones). */
  public Labels seriesLabels() {
    return seriesLabels;
  }

  /** Labels before relabeling (discovery's labels plus job defaults). */
  public Labels discoveredLabels() {
    return discoveredLabels;
  }

  void setDiscoveredLabels(Labels l) {
    this.discoveredLabels = l;
  }

  public String url() {
    return url;
  }

  public long intervalMillis() {
    return intervalMillis;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  public long hash() {
    return hash;
  }

  /**
   * Delay from {@code nowMillis} to this target's first scrape: a fixed phase within the
   * interval derived from the target's hash, so scrapes of many targets spread out evenly and a
   * target keeps its phase across restarts (Prometheus's {@code Target.offset}).
   */
  public long offsetMillis(long nowMillis, long jitterSeed) {
    long base = intervalMillis - Math.floorMod(nowMillis, intervalMillis);
    long offset = Long.remainderUnsigned(hash ^ jitterSeed, intervalMillis);
    long next = base + offset;
    if (next > intervalMillis) {
      next -= intervalMillis;
    }
    return next;
  }

  public TargetHealth health() {
    return health;
  }

  public String lastError() {
    return lastError;
  }

  /** Start of the last scrape in epoch millis, 0 before the first. */
  public long lastScrapeMillis() {
    return lastScrapeMillis;
  }

  public double lastScrapeDurationSeconds() {
    return lastScrapeDurationSeconds;
  }

  /** HELP/TYPE/UNIT from the last successful scrape, for the metadata APIs. */
  public java.util.List<MetricMetadata> metadata() {
    return metadata;
  }

  void setMetadata(java.util.List<MetricMetadata> m) {
    this.metadata = m;
  }

  /** Samples in the last scrape's body. */
  public long lastSamplesScraped() {
    return lastSamplesScraped;
  }

  /** Samples this target has appended since its loop started (after metric relabeling). */
  public long samplesAppended() {
    return samplesAppended.sum();
  }

  void report(long startMillis, double durationSeconds, String error, long samplesScraped, long appended) {
    this.lastSamplesScraped = samplesScraped;
    this.samplesAppended.add(appended);
    report(startMillis, durationSeconds, error);
  }

  void report(long startMillis, double durationSeconds, String error) {
    this.lastScrapeMillis = startMillis;
    this.lastScrapeDurationSeconds = durationSeconds;
    this.lastError = error == null ? "" : error;
    this.health = error == null ? TargetHealth.UP : TargetHealth.DOWN;
  }

  @Override
  public String toString() {
    return url;
  }
}
