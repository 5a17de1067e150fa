package io.promethium.discovery.kubernetes;

import io.promethium.config.KubernetesSdConfig;
import io.promethium.discovery.DiscoveryProvider;
import io.promethium.discovery.DiscoverySpec;
import java.time.Duration;

/**
 * One {@code kubernetes_sd_configs} entry with the update interval (Prometheus sends discovery
 * updates at most every 5 s; tests shorten it).
 */
public record KubernetesDiscoverySpec(KubernetesSdConfig config, Duration updateInterval) implements DiscoverySpec {
  public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofSeconds(5);

  public KubernetesDiscoverySpec {
    updateInterval = updateInterval == null ? DEFAULT_UPDATE_INTERVAL : updateInterval;
  }

  public static KubernetesDiscoverySpec of(KubernetesSdConfig config) {
    return new KubernetesDiscoverySpec(config, DEFAULT_UPDATE_INTERVAL);
  }

  @Override
  public DiscoveryProvider newProvider() {
    return new KubernetesDiscovery(config, updateInterval);
  }
}
