package io.promethium.config;

import java.time.Duration;
import java.util.List;

/** One {@code file_sd_configs} entry; refresh_interval defaults to 5m. */
public record FileSdConfig(List<String> files, Duration refreshInterval) {
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  public FileSdConfig {
    files = List.copyOf(files);
    refreshInterval = refreshInterval == null ? DEFAULT_REFRESH_INTERVAL : refreshInterval;
  }
}
