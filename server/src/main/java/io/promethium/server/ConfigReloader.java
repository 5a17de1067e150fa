package io.promethium.server;

import io.promethium.config.ConfigException;
import io.promethium.config.ConfigLoader;
import io.promethium.config.PrometheusConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the config file and hands it to every subsystem, all or nothing: a file that fails to load
 * keeps the running config and sets {@code prometheus_config_last_reload_successful} to 0, as
 * Prometheus does. Reloads are serialised; SIGHUP, {@code /-/reload} and file changes all end here.
 */
final class ConfigReloader {
  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final List<Consumer<PrometheusConfig>> appliers;
  private final SelfMetrics metrics;
  private volatile PrometheusConfig current;

  ConfigReloader(Path file, List<Consumer<PrometheusConfig>> appliers, SelfMetrics metrics) {
    this.file = file;
    this.appliers = List.copyOf(appliers);
    this.metrics = metrics;
  }

  /**
   * Loads and applies the file.
   *
   * @throws ConfigException when the file does not load; the running config stays in force
   */
  synchronized PrometheusConfig reload() {
    PrometheusConfig next;
    try {
      next = load(file);
    } catch (ConfigException e) {
      metrics.reloadFailed();
      log.error("Error reloading config: couldn't load configuration (--config.file=\"{}\"): {}", file, e.getMessage());
      throw e;
    }
    return apply(next);
  }

  /**
   * Reads and validates {@code file} without applying it: at start this overlaps with opening the
   * store, and the result goes to {@link #apply} once the store is open.
   */
  static PrometheusConfig load(Path file) {
    log.info("Loading configuration file filename={}", file);
    try {
      return ConfigLoader.load(file);
    } catch (IOException e) {
      throw new ConfigException("open " + file + ": " + CheckConfigCommand.describe(e));
    }
  }

  /** Hands a loaded config to every subsystem and makes it the current one. */
  synchronized PrometheusConfig apply(PrometheusConfig next) {
    for (Consumer<PrometheusConfig> applier : appliers) {
      applier.accept(next);
    }
    current = next;
    metrics.reloadSucceeded(System.currentTimeMillis());
    log.info("Completed loading of configuration file filename={}", file);
    return next;
  }

  PrometheusConfig current() {
    return current;
  }

  Path file() {
    return file;
  }
}
