package io.promethium.discovery;

import java.time.Duration;
import java.util.List;

/** One {@code file_sd_configs} entry: glob patterns and refresh interval (Prometheus default 5m). */
public record FileDiscoverySpec(List<String> files, Duration refreshInterval) implements DiscoverySpec {
  public FileDiscoverySpec {
    files = List.copyOf(files);
    refreshInterval = refreshInterval == null ? Duration.ofMinutes(5) : refreshInterval;
  }

  @Override
  public DiscoveryProvider newProvider() {
    return new FileDiscovery(files, refreshInterval);
  }
}
