package io.promethium.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Strict checks for the sections we keep as plain YAML ({@code alerting}, {@code storage},
 * {@code tracing}, remote-write {@code queue_config}/{@code metadata_config}/{@code sigv4}): the
 * keys and value types Prometheus 2.42 accepts there, so we reject what it rejects.
 */
final class KeptSectionChecks {

  private static final Set<String> ALERTMANAGER_KEYS;

  static {
    Set<String> k = new HashSet<>(HttpClientConfigParser.KEYS);
    k.addAll(List.of("scheme", "path_prefix", "timeout", "api_version", "relabel_configs", "sigv4",
        "static_configs", "file_sd_configs", "kubernetes_sd_configs"));
    k.addAll(ScrapeConfigParser.OTHER_SD_KEYS);
    ALERTMANAGER_KEYS = Set.copyOf(k);
  }

  private KeptSectionChecks() {}

  static void alerting(YamlFields a, String baseDir) {
    RelabelConfigParser.parseList(a, "alert_relabel_configs", "empty or null alert relabeling rule");
    for (Node am : a.sequence("alertmanagers")) {
      if (am == null) {
        throw new ConfigException(a.line("alertmanagers"), "empty or null alert manager config");
      }
      YamlFields f = YamlFields.of(am, "config.AlertmanagerConfig", ALERTMANAGER_KEYS);
      f.duration("timeout", null);
      String apiVersion = f.string("api_version", "v2");
      if (!apiVersion.equals("v1") && !apiVersion.equals("v2")) {
        throw new ConfigException(f.line("api_version"),
            "expected Alertmanager api version to be one of [v1 v2] but got " + apiVersion);
      }
      RelabelConfigParser.parseList(f, "relabel_configs", "empty or null Alertmanager target relabeling rule");
      ScrapeConfigParser.parseDiscovery(f, baseDir);
      HttpClientConfigParser.parse(f, baseDir);
      sigv4(f);
    }
  }

  static void storage(YamlFields s) {
    YamlFields tsdb = s.mapping("tsdb", "config.plain", Set.of("out_of_order_time_window"));
    if (tsdb != null) {
      tsdb.duration("out_of_order_time_window", null);
    }
    YamlFields ex = s.mapping("exemplars", "config.ExemplarsConfig", Set.of("max_exemplars"));
    if (ex != null) {
      ex.integer("max_exemplars", 0);
    }
  }

  static void queueConfig(YamlFields w) {
    YamlFields q = w.mapping("queue_config", "config.QueueConfig", Set.of("capacity", "max_shards",
        "min_shards", "max_samples_per_send", "batch_send_deadline", "min_backoff", "max_backoff",
        "retry_on_http_429"));
    if (q != null) {
      for (String k : List.of("capacity", "max_shards", "min_shards", "max_samples_per_send")) {
        q.integer(k, 0);
      }
      for (String k : List.of("batch_send_deadline", "min_backoff", "max_backoff")) {
        q.duration(k, null);
      }
      q.bool("retry_on_http_429", false);
    }
    YamlFields m = w.mapping("metadata_config", "config.MetadataConfig",
        Set.of("send", "send_interval", "max_samples_per_send"));
    if (m != null) {
      m.bool("send", true);
      m.duration("send_interval", null);
      m.integer("max_samples_per_send", 0);
    }
    sigv4(w);
  }

  private static void sigv4(YamlFields parent) {
    parent.mapping("sigv4", "sigv4.plain",
        Set.of("region", "access_key", "secret_key", "profile", "role_arn"));
  }
}
