package io.promethium.config;

import java.util.List;
import java.util.Map;

/**
 * A loaded {@code prometheus.yml} with Prometheus 2.42 defaults filled in.
 *
 * @param otherSections top-level sections we keep but do not interpret ({@code alerting},
 *     {@code storage}, {@code tracing}) as plain YAML values, in file order
 */
public record PrometheusConfig(
    GlobalConfig global,
    List<ScrapeConfig> scrapeConfigs,
    List<String> ruleFiles,
    List<RemoteWriteConfig> remoteWrite,
    List<RemoteReadConfig> remoteRead,
    String originalYaml,
    Map<String, Object> otherSections) {

  public PrometheusConfig {
    scrapeConfigs = List.copyOf(scrapeConfigs);
    ruleFiles = List.copyOf(ruleFiles);
    remoteWrite = List.copyOf(remoteWrite);
    remoteRead = List.copyOf(remoteRead);
    otherSections = otherSections == null ? Map.of() : PlainYaml.immutable(otherSections);
  }

  public PrometheusConfig(
      GlobalConfig global,
      List<ScrapeConfig> scrapeConfigs,
      List<String> ruleFiles,
      List<RemoteWriteConfig> remoteWrite,
      List<RemoteReadConfig> remoteRead,
      String originalYaml) {
    this(global, scrapeConfigs, ruleFiles, remoteWrite, remoteRead, originalYaml, Map.of());
  }

  /** The scrape config with this job name, or null. */
  public ScrapeConfig scrapeConfig(String jobName) {
    for (ScrapeConfig sc : scrapeConfigs) {
      if (sc.jobName().equals(jobName)) {
        return sc;
      }
    }
    return null;
  }
}
