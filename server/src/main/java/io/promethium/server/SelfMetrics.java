package io.promethium.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's own metrics, served at {@code /metrics}. JVM and process figures come from
 * Micrometer's binders; where Prometheus has a metric for the same thing we use its name
 * ({@code prometheus_config_last_reload_successful}, {@code prometheus_http_requests_total}, ...)
 * so existing dashboards and alerts for Prometheus work.
 */
final class SelfMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicLong lastReloadSuccessful = new AtomicLong();
  private final AtomicLong lastReloadSuccessSeconds = new AtomicLong(); // stored as double bits
  private final AtomicLong ready = new AtomicLong();
  private final ConcurrentMap<String, Timer> httpDurations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> httpRequests = new ConcurrentHashMap<>();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final List<Consumer<StringBuilder>> textSources = new CopyOnWriteArrayList<>();

  SelfMetrics(BuildInfo build) {
    // Micrometer's processor binder names some meters in ways promtool's lint rejects
    // (process_cpu_time_ns_total, system_cpu_count); ProcessMetrics has the standard names instead.
    registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.available.processors") : id;
      }
    });
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new ProcessMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    // Micrometer strips an "_info" suffix from gauge names, so the info metric goes straight to the
    // underlying Prometheus client registry under its Prometheus name.
    Info.builder()
        .name("prometheus_build_info")
        .help("A metric with a constant '1' value labeled by version, revision, branch, and goversion from which prometheus was built.")
        .labelNames("version", "revision", "branch", "goversion", "promethium_version")
        .register(registry.getPrometheusRegistry())
        .addLabelValues(build.version(), build.revision(), build.branch(), build.javaVersion(),
            build.promethiumVersion());
    Gauge.builder("prometheus.config.last.reload.successful", lastReloadSuccessful, AtomicLong::get)
        .description("Whether the last configuration reload attempt was successful.")
        .register(registry);
    Gauge.builder("prometheus.config.last.reload.success.timestamp", lastReloadSuccessSeconds,
            a -> Double.longBitsToDouble(a.get()))
        .description("Timestamp of the last successful configuration reload.")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("prometheus.ready", ready, AtomicLong::get)
        .description("Whether Prometheus startup was fully completed and the server is ready for normal operation.")
        .register(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  void reloadSucceeded(long epochMillis) {
    lastReloadSuccessful.set(1);
    lastReloadSuccessSeconds.set(Double.doubleToRawLongBits(epochMillis / 1000.0));
  }

  boolean lastReloadSuccessful() {
    return lastReloadSuccessful.get() == 1;
  }

  /** When the config was last loaded successfully (the epoch when never). */
  java.time.Instant lastReloadSuccessTime() {
    return java.time.Instant.ofEpochMilli((long) (Double.longBitsToDouble(lastReloadSuccessSeconds.get()) * 1000));
  }

  void reloadFailed() {
    lastReloadSuccessful.set(0);
  }

  void setReady(boolean isReady) {
    ready.set(isReady ? 1 : 0);
  }

  /** Records one HTTP request under Prometheus's handler/code labels. */
  void httpRequest(String handler, int code, long nanos) {
    httpDurations.computeIfAbsent(handler, h -> Timer.builder("prometheus.http.request.duration")
            .description("Histogram of latencies for HTTP requests.")
            .tag("handler", h)
            .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofSeconds(120))
            .register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    httpRequests.computeIfAbsent(handler + '\u0000' + code, k -> Counter.builder("prometheus.http.requests")
            .description("Counter of HTTP requests.")
            .tag("handler", handler)
            .tag("code", Integer.toString(code))
            .register(registry))
        .increment();
  }

  /**
   * Adds a source of figures written directly as exposition text: components that do not use
   * Micrometer (the scraper) and names client_java cannot express (see {@link TsdbMetrics}).
   */
  void addText(Consumer<StringBuilder> source) {
    textSources.add(source);
  }

  /** The exposition text for {@code /metrics}. */
  String scrape() {
    StringBuilder sb = new StringBuilder(32 * 1024).append(registry.scrape());
    for (Consumer<StringBuilder> source : textSources) {
      source.accept(sb);
    }
    return sb.toString();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }
}
