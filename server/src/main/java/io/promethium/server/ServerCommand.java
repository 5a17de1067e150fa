package io.promethium.server;

import io.promethium.tsdb.StorageException;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server and its flags. Flag names and defaults are Prometheus's, so a Prometheus command line
 * (or a Deployment's args) works unchanged where the feature exists.
 */
@Command(
    name = "promethium",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = "A Prometheus-compatible metrics server: scraping, storage, PromQL and the HTTP API.",
    subcommands = {CheckCommand.class, TsdbCommand.class, AotTrainingCommand.class})
public final class ServerCommand implements Callable<Integer> {
  /** Where the launcher says the repository is; the default config is resolved against it. */
  static final String HOME_PROPERTY = "promethium.home";

  @Option(names = "--config.file", description = "Prometheus configuration file path.",
      defaultValue = "config/prometheus.yml")
  String configFile;

  @Option(names = "--storage.tsdb.path", description = "Base path for metrics storage.", defaultValue = "data/")
  String storagePath;

  @Option(names = "--storage.tsdb.retention.time", description = "How long to retain samples in storage.",
      defaultValue = "15d", converter = DurationConverter.class)
  Duration retentionTime;

  @Option(names = "--storage.tsdb.retention.size",
      description = "Maximum number of bytes that can be stored for blocks (units: B, KB, MB, GB, TB, PB, EB). 0 disables.",
      defaultValue = "0B", converter = ByteSizeConverter.class)
  long retentionSize;

  @Option(names = "--web.listen-address", description = "Address to listen on for UI, API, and telemetry.",
      defaultValue = "0.0.0.0:9090")
  String listenAddress;

  @Option(names = "--web.enable-lifecycle", description = "Enable shutdown and reload via HTTP request.")
  boolean enableLifecycle;

  @Option(names = "--web.enable-admin-api", description = "Enable API endpoints for admin control actions.")
  boolean enableAdminApi;

  @Option(names = "--web.enable-remote-write-receiver", description = "Enable API endpoint accepting remote write requests.")
  boolean enableRemoteWriteReceiver;

  @Option(names = "--web.cors.origin", description = "Regex for CORS origin. It is fully anchored.",
      defaultValue = ".*")
  String corsOrigin;

  @Option(names = "--query.timeout", description = "Maximum time a query may take before being aborted.",
      defaultValue = "2m", converter = DurationConverter.class)
  Duration queryTimeout;

  @Option(names = "--query.max-samples", description = "Maximum number of samples a single query can load into memory.",
      defaultValue = "50000000")
  long queryMaxSamples;

  @Option(names = "--query.lookback-delta", description = "The maximum lookback duration for retrieving metrics during expression evaluations.",
      defaultValue = "5m", converter = DurationConverter.class)
  Duration lookbackDelta;

  @Option(names = "--query.max-concurrency", description = "Maximum number of queries executed concurrently.",
      defaultValue = "20")
  int queryMaxConcurrency;

  @Option(names = "--kubernetes.monitors.enabled", arity = "1", defaultValue = "true",
      description = "Watch PodMonitor and ServiceMonitor objects (monitoring.coreos.com/v1) when a Kubernetes API is reachable.")
  boolean monitorsEnabled;

  @Option(names = "--kubernetes.monitors.namespaces", split = ",",
      description = "Namespaces to watch for monitors (comma-separated). Default: all.")
  List<String> monitorNamespaces = new ArrayList<>();

  @Option(names = "--kubernetes.monitors.pod-monitor-selector", defaultValue = "",
      description = "Label selector for PodMonitors (like the operator's podMonitorSelector). Default: all.")
  String podMonitorSelector;

  @Option(names = "--kubernetes.monitors.service-monitor-selector", defaultValue = "",
      description = "Label selector for ServiceMonitors (like the operator's serviceMonitorSelector). Default: all.")
  String serviceMonitorSelector;

  @Option(names = "--kubernetes.kubeconfig", defaultValue = "",
      description = "Kubeconfig for monitor watching. Default: in-cluster service account, else $KUBECONFIG, else ~/.kube/config.")
  String kubeconfig;

  @Option(names = "--log.level", description = "Only log messages with the given severity or above: debug, info, warn, error.",
      defaultValue = "info")
  String logLevel;

  @Option(names = "--log.format", description = "Output format of log messages: logfmt, json.", defaultValue = "logfmt")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    if (!logLevel.matches("debug|info|warn|error")) {
      System.err.println("promethium: --log.level must be one of debug, info, warn, error, got \"" + logLevel + "\"");
      return 2;
    }
    if (!logFormat.matches("logfmt|json")) {
      System.err.println("promethium: --log.format must be logfmt or json, got \"" + logFormat + "\"");
      return 2;
    }
    // The store opens from the first moment: its recovery is the long pole of a restart, and
    // logging's start (SLF4J and logback scan every jar for services) need not come before it.
    // The open logs nothing until it is done (RocksDB warnings aside).
    StorageOpening storage = StorageOpening.begin(this::openStorage);
    LogSetup.apply(logLevel, logFormat);
    PromethiumServer server = new PromethiumServer(this, BuildInfo.load(), storage);
    return server.runUntilStopped();
  }

  /** Opens the store the flags name. */
  Tsdb openStorage() throws PromethiumServer.StartupException {
    try {
      return Tsdb.open(TsdbOptions.of(Path.of(storagePath))
          .withRetentionTime(retentionTime.toMillis()).withRetentionSize(retentionSize));
    } catch (StorageException e) {
      throw new PromethiumServer.StartupException("Opening storage failed: " + e.getMessage());
    }
  }

  /** The config file to read: the flag's value, or the repository's default when run from elsewhere. */
  Path configPath() {
    Path p = Path.of(configFile);
    String home = System.getProperty(HOME_PROPERTY);
    if (!p.isAbsolute() && !Files.exists(p) && home != null && "config/prometheus.yml".equals(configFile)) {
      return Path.of(home).resolve(p);
    }
    return p;
  }

  /** Flags as {@code /api/v1/status/flags} reports them: names without dashes, values as strings. */
  Map<String, String> asFlagMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("config.file", configFile);
    m.put("storage.tsdb.path", storagePath);
    m.put("storage.tsdb.retention.time", io.promethium.config.PrometheusDuration.format(retentionTime));
    m.put("storage.tsdb.retention.size", retentionSize + "B");
    m.put("web.listen-address", listenAddress);
    m.put("web.enable-lifecycle", Boolean.toString(enableLifecycle));
    m.put("web.enable-admin-api", Boolean.toString(enableAdminApi));
    m.put("web.enable-remote-write-receiver", Boolean.toString(enableRemoteWriteReceiver));
    m.put("web.cors.origin", corsOrigin);
    m.put("query.timeout", io.promethium.config.PrometheusDuration.format(queryTimeout));
    m.put("query.max-samples", Long.toString(queryMaxSamples));
    m.put("query.lookback-delta", io.promethium.config.PrometheusDuration.format(lookbackDelta));
    m.put("query.max-concurrency", Integer.toString(queryMaxConcurrency));
    m.put("kubernetes.monitors.enabled", Boolean.toString(monitorsEnabled));
    m.put("kubernetes.monitors.namespaces", String.join(",", monitorNamespaces));
    m.put("kubernetes.monitors.pod-monitor-selector", podMonitorSelector);
    m.put("kubernetes.monitors.service-monitor-selector", serviceMonitorSelector);
    m.put("kubernetes.kubeconfig", kubeconfig);
    m.put("log.level", logLevel);
    m.put("log.format", logFormat);
    return m;
  }
}
