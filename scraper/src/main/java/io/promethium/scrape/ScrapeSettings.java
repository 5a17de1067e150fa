package io.promethium.scrape;

import io.promethium.config.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one scrape job needs, independent of how the configuration was loaded (the server builds
 * it from {@code io.promethium.config.ScrapeConfig}). Record equality is what a reload compares:
 * an unchanged job keeps its pool and loops. Limits are 0 for "no limit".
 *
 * @param scrapeInterval default interval (targets may override it via {@code __scrape_interval__})
 * @param params URL query parameters; only the first value of each feeds {@code __param_<name>}
 * @param bodySizeLimit uncompressed body bytes, 0 for unlimited
 */
public record ScrapeSettings(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    long sampleLimit,
    long labelLimit,
    long labelNameLengthLimit,
    long labelValueLengthLimit,
    long targetLimit,
    long bodySizeLimit,
    ScrapeHttpSettings http,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs) {

  public ScrapeSettings {
    params = params == null ? Map.of() : Map.copyOf(params);
    http = http == null ? ScrapeHttpSettings.NONE : http;
    relabelConfigs = relabelConfigs == null ? List.of() : List.copyOf(relabelConfigs);
    metricRelabelConfigs = metricRelabelConfigs == null ? List.of() : List.copyOf(metricRelabelConfigs);
    metricsPath = metricsPath == null ? "/metrics" : metricsPath;
    scheme = scheme == null ? "http" : scheme;
  }

  /** Prometheus's defaults for a job: 1m interval, 10s timeout, /metrics over http, honor_timestamps. */
  public static ScrapeSettings defaults(String jobName) {
    return new ScrapeSettings(jobName, Duration.ofMinutes(1), Duration.ofSeconds(10), "/metrics", "http",
        Map.of(), false, true, 0, 0, 0, 0, 0, 0, ScrapeHttpSettings.NONE, List.of(), List.of());
  }

  public ScrapeSettings withInterval(Duration interval, Duration timeout) {
    return new ScrapeSettings(jobName, interval, timeout, metricsPath, scheme, params, honorLabels,
        honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit, targetLimit,
        bodySizeLimit, http, relabelConfigs, metricRelabelConfigs);
  }
}
