package io.promethium.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry after defaults: interval and timeout are always set (inherited
 * from {@code global} when absent; the timeout never exceeds the interval by default).
 * Limits are 0 for "no limit"; {@code bodySizeLimit} is in bytes.
 *
 * @param otherSdConfigs service discoveries we do not implement ({@code consul_sd_configs},
 *     {@code ec2_sd_configs}, …) kept as plain YAML maps keyed by section name, so configurations
 *     Prometheus accepts still load and render
 */
public record ScrapeConfig(
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
    HttpClientConfig httpClientConfig,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<KubernetesSdConfig> kubernetesSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs,
    Map<String, List<Map<String, Object>>> otherSdConfigs) {

  public static final String DEFAULT_METRICS_PATH = "/metrics";
  public static final String DEFAULT_SCHEME = "http";

  public ScrapeConfig {
    params = PlainYaml.paramsCopy(params);
    httpClientConfig = httpClientConfig == null ? HttpClientConfig.DEFAULT : httpClientConfig;
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    kubernetesSdConfigs = List.copyOf(kubernetesSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
    metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
    otherSdConfigs = otherSdConfigs == null ? Map.of() : PlainYaml.immutable(otherSdConfigs);
  }

  public ScrapeConfig(
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
      HttpClientConfig httpClientConfig,
      List<StaticConfig> staticConfigs,
      List<FileSdConfig> fileSdConfigs,
      List<KubernetesSdConfig> kubernetesSdConfigs,
      List<RelabelConfig> relabelConfigs,
      List<RelabelConfig> metricRelabelConfigs) {
    this(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels,
        honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit,
        targetLimit, bodySizeLimit, httpClientConfig, staticConfigs, fileSdConfigs,
        kubernetesSdConfigs, relabelConfigs, metricRelabelConfigs, Map.of());
  }

  /** A copy with other Kubernetes discovery entries (e.g. pointed at an explicit kubeconfig). */
  public ScrapeConfig withKubernetesSdConfigs(List<KubernetesSdConfig> sds) {
    return new ScrapeConfig(jobName, scrapeInterval, scrapeTimeout, metricsPath, scheme, params, honorLabels,
        honorTimestamps, sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit, targetLimit,
        bodySizeLimit, httpClientConfig, staticConfigs, fileSdConfigs, sds, relabelConfigs, metricRelabelConfigs,
        otherSdConfigs);
  }
}
