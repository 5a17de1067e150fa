package io.promethium.config;

import java.time.Duration;
import java.util.Map;

/** The {@code global} section. Defaults: scrape_interval 1m, scrape_timeout 10s, evaluation_interval 1m. */
public record GlobalConfig(
    Duration scrapeInterval,
    Duration scrapeTimeout,
    Duration evaluationInterval,
    Map<String, String> externalLabels,
    String queryLogFile) {

  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);

  /** The global section of an empty configuration. */
  public static final GlobalConfig DEFAULT = new GlobalConfig(
      DEFAULT_SCRAPE_INTERVAL, DEFAULT_SCRAPE_TIMEOUT, DEFAULT_EVALUATION_INTERVAL, Map.of());

  public GlobalConfig {
    externalLabels = PlainYaml.sortedCopy(externalLabels);
    queryLogFile = queryLogFile == null ? "" : queryLogFile;
  }

  public GlobalConfig(
      Duration scrapeInterval,
      Duration scrapeTimeout,
      Duration evaluationInterval,
      Map<String, String> externalLabels) {
    this(scrapeInterval, scrapeTimeout, evaluationInterval, externalLabels, "");
  }
}
