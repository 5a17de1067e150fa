package io.promethium.api;

import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Storage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Data and server facts that reproduce the state of the Prometheus 2.42 that recorded the captures:
 * the same series around 2026-11-22T02:06Z, its targets, metadata, flags, build info and config.
 */
final class CaptureFixture {
  static final long LAST_MS = 1795313188228L;
  /** On the same 5 s grid as the last scrape, so range selectors see the captured timestamps. */
  static final long FIRST_MS = LAST_MS - 27 * 5000;

  static final Labels UP_PROM = Labels.of("__name__", "up", "env", "test", "instance", "127.0.0.1:19090", "job",
      "prometheus");
  static final Labels UP_DEMO = Labels.of("__name__", "up", "instance", "127.0.0.1:1", "job", "relabel-demo",
      "namespace", "default");
  static final Labels START_TIME = Labels.of("__name__", "process_start_time_seconds", "env", "test", "instance",
      "127.0.0.1:19090", "job", "prometheus");
  static final Labels SAMPLES_SCRAPED = Labels.of("__name__", "scrape_samples_scraped", "env", "test", "instance",
      "127.0.0.1:19090", "job", "prometheus");
  static final Labels HTTP_REQUESTS = Labels.of("__name__", "prometheus_http_requests_total", "code", "200",
      "handler", "/metrics", "env", "test", "instance", "127.0.0.1:19090", "job", "prometheus");
  static final Labels RW_DEMO = Labels.of("__name__", "rw_demo_total", "job", "remote");
  /** Carries the remaining label names that Prometheus's self-scrape had (capture 12). */
  static final Labels FILLER = Labels.of("__name__", "promethium_capture_filler", "env", "test", "instance",
      "127.0.0.1:19090", "job", "prometheus", "alertname", "x", "alertstate", "x", "branch", "x", "code", "x", "config",
      "x", "dialer_name", "x", "goarch", "x", "goos", "x", "goversion", "x", "handler", "x", "interval", "x", "le", "x",
      "listener_name", "x", "name", "x", "quantile", "x", "reason", "x", "revision", "x", "rule_group", "x",
      "scrape_job", "x", "severity", "x", "slice", "x", "type", "x", "version", "x");

  private CaptureFixture() {}

  /** Every 5 s from FIRST_MS to LAST_MS, as the 5 s scrape interval produced. */
  static void load(Storage storage) {
    Appender app = storage.appender();
    for (long t = FIRST_MS; t <= LAST_MS; t += 5000) {
      app.append(0, UP_PROM, t, 1);
      app.append(0, UP_DEMO, t, 0);
      app.append(0, START_TIME, t, 1.79531304633e9);
      app.append(0, RW_DEMO, t, (t - FIRST_MS) / 5000.0);
      app.append(0, SAMPLES_SCRAPED, t, 1048);
      app.append(0, HTTP_REQUESTS, t, (t - FIRST_MS) / 5000.0);
      app.append(0, FILLER, t, 1);
    }
    app.commit();
  }

  static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("config.file", "prometheus.yml"),
      Map.entry("query.max-concurrency", "20"), Map.entry("query.timeout", "2m"),
      Map.entry("web.enable-admin-api", "true"), Map.entry("web.cors.origin", ".*"),
      Map.entry("storage.tsdb.retention.time", "0s"), Map.entry("web.listen-address", "127.0.0.1:19090"));

  static final BuildInfo BUILD_INFO = new BuildInfo("2.42.0+ds", "2.42.0+ds-5+deb12u1", "debian/sid",
      "team+pkg-go@tracker.debian.org", "20260604-00:58:54", "go1.19.8", null);

  static final Labels PROM_TARGET = Labels.of("env", "test", "instance", "127.0.0.1:19090", "job", "prometheus");

  static final TargetsSource TARGETS = new TargetsSource() {
    @Override
    public List<ActiveTarget> activeTargets() {
      return List.of(
          new ActiveTarget(Labels.of("__address__", "127.0.0.1:1", "__meta_kubernetes_namespace", "default",
              "__meta_kubernetes_pod_container_name", "istio-proxy", "__metrics_path__", "/metrics", "__scheme__", "http",
              "__scrape_interval__", "5s", "__scrape_timeout__", "5s", "job", "relabel-demo"),
              Labels.of("instance", "127.0.0.1:1", "job", "relabel-demo", "namespace", "default"), "relabel-demo",
              "http://127.0.0.1:1/metrics", "http://vm:1/metrics",
              "Get \"http://127.0.0.1:1/metrics\": dial tcp 127.0.0.1:1: connect: connection refused",
              Instant.parse("2026-11-22T02:06:26.826592312Z"), 0.000421864, "down", "5s", "5s"),
          new ActiveTarget(Labels.of("__address__", "127.0.0.1:19090", "__metrics_path__", "/metrics", "__scheme__",
              "http", "__scrape_interval__", "5s", "__scrape_timeout__", "5s", "env", "test", "job", "prometheus"),
              PROM_TARGET, "prometheus", "http://127.0.0.1:19090/metrics", "http://vm:19090/metrics", "",
              Instant.parse("2026-11-22T02:06:28.22822364Z"), 0.012729591, "up", "5s", "5s"));
    }

    @Override
    public List<DroppedTarget> droppedTargets() {
      return List.of(new DroppedTarget(Labels.of("__address__", "127.0.0.1:2", "__metrics_path__", "/metrics",
          "__scheme__", "http", "__scrape_interval__", "5s", "__scrape_timeout__", "5s", "job", "dropped-demo"),
          "dropped-demo"));
    }

    @Override
    public List<String> scrapePools() {
      return List.of("relabel-demo", "prometheus", "dropped-demo");
    }
  };

  static final MetadataSource METADATA = () -> List.of(new TargetMetadata(PROM_TARGET, List.of(
      new MetricMetadata("prometheus_tsdb_exemplar_exemplars_in_storage", "gauge",
          "Number of exemplars currently in circular storage.", ""),
      new MetricMetadata("prometheus_build_info", "gauge",
          "A metric with a constant '1' value labeled by version, revision, branch, goversion from which prometheus "
              + "was built, and the goos and goarch for the build.", ""),
      new MetricMetadata("go_memstats_other_sys_bytes", "gauge", "Number of bytes used for other system allocations.",
          ""))));

  static String configYaml() {
    return "global:\n  scrape_interval: 5s\n  scrape_timeout: 5s\n";
  }
}
