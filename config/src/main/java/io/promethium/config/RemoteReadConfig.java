package io.promethium.config;

import java.time.Duration;
import java.util.Map;

/** One {@code remote_read} entry (remote_timeout default 1m, filter_external_labels default true). */
public record RemoteReadConfig(
    String url,
    String name,
    Duration remoteTimeout,
    Map<String, String> headers,
    boolean readRecent,
    Map<String, String> requiredMatchers,
    boolean filterExternalLabels,
    HttpClientConfig httpClientConfig) {

  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofMinutes(1);

  public RemoteReadConfig {
    name = name == null ? "" : name;
    headers = PlainYaml.sortedCopy(headers);
    requiredMatchers = PlainYaml.sortedCopy(requiredMatchers);
    httpClientConfig = httpClientConfig == null ? HttpClientConfig.DEFAULT : httpClientConfig;
  }
}
