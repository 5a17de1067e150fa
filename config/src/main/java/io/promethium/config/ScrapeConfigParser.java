package io.promethium.config;

import com.google.re2j.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One {@code scrape_configs} entry, checked in the order of Prometheus 2.42's
 * {@code ScrapeConfig.UnmarshalYAML}; interval/timeout inheritance is done by the caller, which
 * knows the global section.
 */
final class ScrapeConfigParser {

  /** Service discoveries Prometheus 2.42 knows and we keep as plain maps. */
  static final List<String> OTHER_SD_KEYS = List.of(
      "azure_sd_configs", "consul_sd_configs", "digitalocean_sd_configs", "docker_sd_configs",
      "dockerswarm_sd_configs", "dns_sd_configs", "ec2_sd_configs", "eureka_sd_configs",
      "gce_sd_configs", "hetzner_sd_configs", "http_sd_configs", "ionos_sd_configs",
      "kuma_sd_configs", "lightsail_sd_configs", "linode_sd_configs", "marathon_sd_configs",
      "nomad_sd_configs", "nerve_sd_configs", "openstack_sd_configs", "ovhcloud_sd_configs",
      "puppetdb_sd_configs", "scaleway_sd_configs", "serverset_sd_configs",
      "triton_sd_configs", "uyuni_sd_configs", "vultr_sd_configs");

  private static final Set<String> KEYS;

  static {
    Set<String> k = new HashSet<>(HttpClientConfigParser.KEYS);
    k.addAll(List.of("job_name", "honor_labels", "honor_timestamps", "params", "scrape_interval",
        "scrape_timeout", "metrics_path", "scheme", "body_size_limit", "sample_limit",
        "target_limit", "label_limit", "label_name_length_limit", "label_value_length_limit",
        "relabel_configs", "metric_relabel_configs", "static_configs", "file_sd_configs",
        "kubernetes_sd_configs"));
    k.addAll(OTHER_SD_KEYS);
    KEYS = Set.copyOf(k);
  }

  private static final Pattern FILE_SD_NAME =
      Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");

  private ScrapeConfigParser() {}

  /** Parses everything; interval and timeout are null when not given. */
  static ScrapeConfig parse(Node n, String baseDir) {
    YamlFields f = YamlFields.of(n, "config.ScrapeConfig", KEYS);
    String jobName = f.string("job_name", "");
    Duration interval = f.duration("scrape_interval", null);
    Duration timeout = f.duration("scrape_timeout", null);
    // Prometheus 2.42 does not check the scheme at load time (a bad one fails each scrape).
    String scheme = f.string("scheme", ScrapeConfig.DEFAULT_SCHEME);
    long bodySize = 0;
    if (f.has("body_size_limit")) {
      try {
        bodySize = ByteSize.parse(f.string("body_size_limit", "0"));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(f.line("body_size_limit"), e.getMessage(), e);
      }
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    YamlFields pf = f.mapping("params", "url.Values", null);
    if (pf != null) {
      for (String k : pf.keys()) {
        params.put(k, pf.strings(k));
      }
    }
    List<RelabelConfig> relabel = RelabelConfigParser.parseList(f, "relabel_configs",
        "empty or null target relabeling rule in scrape config");
    List<RelabelConfig> metricRelabel = RelabelConfigParser.parseList(f, "metric_relabel_configs",
        "empty or null metric relabeling rule in scrape config");
    Discovery sd = parseDiscovery(f, baseDir);
    if (jobName.isEmpty()) {
      throw new ConfigException(f.line(), "job_name is empty");
    }
    HttpClientConfig http = HttpClientConfigParser.parse(f, baseDir);
    if (relabel.isEmpty()) {
      // Prometheus only catches URLs written as targets when no relabeling could rewrite them.
      for (StaticConfig sc : sd.statics()) {
        for (String t : sc.targets()) {
          if (t.contains("/")) {
            throw new ConfigException(f.line("static_configs"),
                RelabelValidator.goQuote(t) + " is not a valid hostname");
          }
        }
      }
    }
    return new ScrapeConfig(jobName, interval, timeout,
        f.string("metrics_path", ScrapeConfig.DEFAULT_METRICS_PATH), scheme, params,
        f.bool("honor_labels", false), f.bool("honor_timestamps", true),
        f.uint("sample_limit", 0), f.uint("label_limit", 0), f.uint("label_name_length_limit", 0),
        f.uint("label_value_length_limit", 0), f.uint("target_limit", 0), bodySize, http,
        sd.statics(), sd.files(), sd.kubernetes(), relabel, metricRelabel, sd.others());
  }

  /** The service-discovery sections of a scrape or Alertmanager config. */
  record Discovery(List<StaticConfig> statics, List<FileSdConfig> files,
      List<KubernetesSdConfig> kubernetes, Map<String, List<Map<String, Object>>> others) {}

  static Discovery parseDiscovery(YamlFields f, String baseDir) {
    List<StaticConfig> statics = new ArrayList<>();
    for (Node sn : f.sequence("static_configs")) {
      if (sn == null) {
        throw new ConfigException(f.line("static_configs"), "empty or null section in static_configs");
      }
      statics.add(parseStatic(sn));
    }
    List<FileSdConfig> files = new ArrayList<>();
    for (Node fn : f.sequence("file_sd_configs")) {
      if (fn == null) {
        throw new ConfigException(f.line("file_sd_configs"), "empty or null section in file_sd_configs");
      }
      files.add(parseFileSd(fn, baseDir));
    }
    List<KubernetesSdConfig> kube = new ArrayList<>();
    for (Node kn : f.sequence("kubernetes_sd_configs")) {
      if (kn == null) {
        throw new ConfigException(f.line("kubernetes_sd_configs"),
            "empty or null section in kubernetes_sd_configs");
      }
      kube.add(KubernetesSdConfigParser.parse(kn, baseDir));
    }
    return new Discovery(statics, files, kube, parseOtherSds(f));
  }

  static StaticConfig parseStatic(Node n) {
    YamlFields g = YamlFields.of(n, "targetgroup.Group", Set.of("targets", "labels"));
    return new StaticConfig(g.strings("targets"), labelSet(g, "labels"));
  }

  /** A label set ({@code model.LabelSet}): names and UTF-8 values validated. */
  static Map<String, String> labelSet(YamlFields parent, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    YamlFields m = parent.mapping(key, "model.LabelSet", null);
    if (m == null) {
      return out;
    }
    for (String name : m.keys()) {
      if (!LabelName.isValid(name)) {
        throw new ConfigException(m.line(name), RelabelValidator.goQuote(name) + " is not a valid label name");
      }
      Node v = m.raw(name);
      if (v instanceof ScalarNode s && Tag.BINARY.equals(s.getTag())) {
        byte[] bytes = YamlFields.binary(s);
        if (!LabelName.isValidUtf8(bytes)) {
          throw new ConfigException(m.line(name), LabelName.goQuote(bytes) + " is not a valid label value");
        }
      }
      out.put(name, m.string(name, ""));
    }
    return out;
  }

  private static FileSdConfig parseFileSd(Node n, String baseDir) {
    YamlFields f = YamlFields.of(n, "file.plain", Set.of("files", "refresh_interval"));
    List<String> names = f.strings("files");
    if (names.isEmpty()) {
      throw new ConfigException(f.line(), "file service discovery config must contain at least one path name");
    }
    List<String> resolved = new ArrayList<>();
    for (String name : names) {
      if (!FILE_SD_NAME.matches(name)) {
        throw new ConfigException(f.line("files"),
            "path name " + RelabelValidator.goQuote(name) + " is not valid for file discovery");
      }
      resolved.add(HttpClientConfigParser.resolve(baseDir, name));
    }
    Duration refresh = f.duration("refresh_interval", null);
    return new FileSdConfig(resolved, refresh == null || refresh.isZero() ? null : refresh);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, List<Map<String, Object>>> parseOtherSds(YamlFields f) {
    Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
    for (String key : f.keys()) {
      if (!OTHER_SD_KEYS.contains(key) || !f.has(key)) {
        continue;
      }
      List<Map<String, Object>> entries = new ArrayList<>();
      for (Node n : f.sequence(key)) {
        if (n == null) {
          throw new ConfigException(f.line(key), "empty or null section in " + key);
        }
        YamlFields entry = YamlFields.of(n, key, null);
        OtherSdValidator.validate(key, entry);
        entries.add((Map<String, Object>) YamlFields.plain(n));
      }
      out.put(key, entries);
    }
    return out;
  }
}
