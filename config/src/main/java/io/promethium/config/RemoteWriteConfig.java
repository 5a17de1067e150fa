package io.promethium.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code remote_write} entry (remote_timeout default 30s). {@code queueConfig},
 * {@code metadataConfig} and {@code sigv4} are kept as plain YAML maps (empty when absent).
 */
public record RemoteWriteConfig(
    String url,
    String name,
    Duration remoteTimeout,
    Map<String, String> headers,
    List<RelabelConfig> writeRelabelConfigs,
    boolean sendExemplars,
    boolean sendNativeHistograms,
    HttpClientConfig httpClientConfig,
    Map<String, Object> queueConfig,
    Map<String, Object> metadataConfig,
    Map<String, Object> sigv4) {

  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofSeconds(30);

  public RemoteWriteConfig {
    name = name == null ? "" : name;
    headers = PlainYaml.sortedCopy(headers);
    writeRelabelConfigs = List.copyOf(writeRelabelConfigs);
    httpClientConfig = httpClientConfig == null ? HttpClientConfig.DEFAULT : httpClientConfig;
    queueConfig = queueConfig == null ? Map.of() : PlainYaml.immutable(queueConfig);
    metadataConfig = metadataConfig == null ? Map.of() : PlainYaml.immutable(metadataConfig);
    sigv4 = sigv4 == null ? Map.of() : PlainYaml.immutable(sigv4);
  }
}
