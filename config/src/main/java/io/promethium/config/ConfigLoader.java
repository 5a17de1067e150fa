package io.promethium.config;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code prometheus.yml} into a {@link PrometheusConfig} with Prometheus 2.42's defaults and
 * validation. Decoding is strict like Prometheus' (unknown or duplicate keys are errors) and every
 * error is a {@link ConfigException} naming the problem in Prometheus' words and the YAML line.
 * Sections of service discoveries and features we do not implement are accepted and kept as
 * plain maps, so every configuration Prometheus accepts also loads here.
 */
public final class ConfigLoader {

  private static final Set<String> TOP_KEYS = Set.of("global", "alerting", "rule_files",
      "scrape_configs", "storage", "tracing", "remote_write", "remote_read");
  private static final Set<String> GLOBAL_KEYS = Set.of("scrape_interval", "scrape_timeout",
      "evaluation_interval", "query_log_file", "external_labels");
  private static final Set<String> TRACING_KEYS = Set.of("client_type", "endpoint",
      "sampling_fraction", "insecure", "tls_config", "headers", "compression", "timeout");
  private static final Set<String> ALERTING_KEYS = Set.of("alert_relabel_configs", "alertmanagers");
  private static final Pattern RULE_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?$");

  private ConfigLoader() {}

  /** Loads a file; relative file names inside are resolved against its directory, as Prometheus does. */
  public static PrometheusConfig load(Path file) throws IOException {
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    Path parent = file.getParent();
    try {
      return parse(yaml, parent == null ? "." : parent.toString());
    } catch (ConfigException e) {
      throw e.inFile(file.toString());
    }
  }

  /** Loads YAML text; relative file names are kept as written. */
  public static PrometheusConfig loadString(String yaml) {
    return parse(yaml, null);
  }

  /**
   * Parses the contents of a {@code file_sd_configs} file (YAML or JSON, both read as YAML): a list
   * of target groups with validated label names and values.
   */
  public static List<StaticConfig> loadTargetGroups(String text) {
    Node root = compose(text);
    List<StaticConfig> out = new ArrayList<>();
    if (YamlFields.isNull(root)) {
      return out;
    }
    if (!(root instanceof org.yaml.snakeyaml.nodes.SequenceNode seq)) {
      throw new ConfigException(YamlFields.line(root),
          "cannot unmarshal " + YamlFields.kind(root) + " into []*targetgroup.Group");
    }
    for (Node n : seq.getValue()) {
      out.add(loadTargetGroup(n));
    }
    return out;
  }

  /** Parses one target group ({@code targets} and {@code labels}). */
  public static StaticConfig loadTargetGroup(String text) {
    return loadTargetGroup(compose(text));
  }

  private static StaticConfig loadTargetGroup(Node n) {
    if (YamlFields.isNull(n)) {
      throw new ConfigException(YamlFields.line(n), "empty or null target group");
    }
    return ScrapeConfigParser.parseStatic(n);
  }

  private static Node compose(String yaml) {
    try {
      Yaml y = new Yaml(new SafeConstructor(new LoaderOptions()));
      return y.compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(line, "yaml: " + e.getProblem(), e);
    } catch (YAMLException e) {
      throw new ConfigException(0, "yaml: " + e.getMessage(), e);
    }
  }

  private static PrometheusConfig parse(String yaml, String baseDir) {
    Node root = compose(yaml);
    if (YamlFields.isNull(root)) {
      return new PrometheusConfig(GlobalConfig.DEFAULT, List.of(), List.of(), List.of(), List.of(),
          yaml, Map.of());
    }
    YamlFields top = YamlFields.of(root, "config.plain", TOP_KEYS);
    GlobalConfig global = parseGlobal(top.mapping("global", "config.plain", GLOBAL_KEYS));
    Map<String, Object> others = new LinkedHashMap<>();
    for (String key : top.keys()) {
      if (key.equals("alerting") && top.has(key)) {
        KeptSectionChecks.alerting(top.mapping(key, "config.plain", ALERTING_KEYS), baseDir);
      } else if (key.equals("tracing") && top.has(key)) {
        checkTracing(top.mapping(key, "config.plain", TRACING_KEYS));
      } else if (key.equals("storage") && top.has(key)) {
        KeptSectionChecks.storage(top.mapping(key, "config.StorageConfig", Set.of("tsdb", "exemplars")));
      }
      if ((key.equals("alerting") || key.equals("storage") || key.equals("tracing")) && top.has(key)) {
        others.put(key, YamlFields.plain(top.raw(key)));
      }
    }

    List<ScrapeConfig> scrapeConfigs = new ArrayList<>();
    List<Node> scrapeNodes = top.sequence("scrape_configs");
    for (Node n : scrapeNodes) {
      if (n != null) {
        scrapeConfigs.add(ScrapeConfigParser.parse(n, baseDir));
      } else {
        scrapeConfigs.add(null);
      }
    }
    List<RemoteWriteConfig> remoteWrite = new ArrayList<>();
    for (Node n : top.sequence("remote_write")) {
      if (n == null) {
        throw new ConfigException(top.line("remote_write"), "empty or null remote write config section");
      }
      remoteWrite.add(RemoteConfigParser.parseWrite(n, baseDir));
    }
    List<RemoteReadConfig> remoteRead = new ArrayList<>();
    for (Node n : top.sequence("remote_read")) {
      if (n == null) {
        throw new ConfigException(top.line("remote_read"), "empty or null remote read config section");
      }
      remoteRead.add(RemoteConfigParser.parseRead(n, baseDir));
    }

    List<String> ruleFiles = new ArrayList<>();
    for (String rf : top.strings("rule_files")) {
      if (!RULE_PATH.matches(rf)) {
        throw new ConfigException(top.line("rule_files"),
            "invalid rule file path " + RelabelValidator.goQuote(rf));
      }
      ruleFiles.add(HttpClientConfigParser.resolve(baseDir, rf));
    }

    Set<String> jobNames = new HashSet<>();
    for (int i = 0; i < scrapeConfigs.size(); i++) {
      ScrapeConfig sc = scrapeConfigs.get(i);
      int line = YamlFields.line(scrapeNodes.get(i));
      if (sc == null) {
        throw new ConfigException(top.line("scrape_configs"), "empty or null scrape config section");
      }
      sc = withGlobalDefaults(sc, global, line);
      scrapeConfigs.set(i, sc);
      if (!jobNames.add(sc.jobName())) {
        throw new ConfigException(line,
            "found multiple scrape configs with job name " + RelabelValidator.goQuote(sc.jobName()));
      }
    }
    checkDuplicateNames(remoteWrite.stream().map(RemoteWriteConfig::name).toList(), "write",
        top.line("remote_write"));
    checkDuplicateNames(remoteRead.stream().map(RemoteReadConfig::name).toList(), "read",
        top.line("remote_read"));
    return new PrometheusConfig(global, scrapeConfigs, ruleFiles, remoteWrite, remoteRead, yaml, others);
  }

  private static GlobalConfig parseGlobal(YamlFields g) {
    if (g == null) {
      return GlobalConfig.DEFAULT;
    }
    Map<String, String> external = ScrapeConfigParser.labelSet(g, "external_labels");
    Duration interval = g.duration("scrape_interval", null);
    if (interval == null || interval.isZero()) {
      interval = GlobalConfig.DEFAULT_SCRAPE_INTERVAL;
    }
    Duration timeout = g.duration("scrape_timeout", null);
    if (timeout != null && timeout.compareTo(interval) > 0) {
      throw new ConfigException(g.line("scrape_timeout"), "global scrape timeout greater than scrape interval");
    }
    if (timeout == null || timeout.isZero()) {
      timeout = GlobalConfig.DEFAULT_SCRAPE_TIMEOUT.compareTo(interval) > 0
          ? interval : GlobalConfig.DEFAULT_SCRAPE_TIMEOUT;
    }
    Duration eval = g.duration("evaluation_interval", null);
    if (eval == null || eval.isZero()) {
      eval = GlobalConfig.DEFAULT_EVALUATION_INTERVAL;
    }
    return new GlobalConfig(interval, timeout, eval, external, g.string("query_log_file", ""));
  }

  /** A job without interval inherits the global one; without timeout, min(global timeout, interval). */
  private static ScrapeConfig withGlobalDefaults(ScrapeConfig sc, GlobalConfig g, int line) {
    Duration interval = sc.scrapeInterval();
    if (interval == null || interval.isZero()) {
      interval = g.scrapeInterval();
    }
    Duration timeout = sc.scrapeTimeout();
    if (timeout != null && timeout.compareTo(interval) > 0) {
      throw new ConfigException(line, "scrape timeout greater than scrape interval for scrape config with job name "
          + RelabelValidator.goQuote(sc.jobName()));
    }
    if (timeout == null || timeout.isZero()) {
      timeout = g.scrapeTimeout().compareTo(interval) > 0 ? interval : g.scrapeTimeout();
    }
    return new ScrapeConfig(sc.jobName(), interval, timeout, sc.metricsPath(), sc.scheme(),
        sc.params(), sc.honorLabels(), sc.honorTimestamps(), sc.sampleLimit(), sc.labelLimit(),
        sc.labelNameLengthLimit(), sc.labelValueLengthLimit(), sc.targetLimit(),
        sc.bodySizeLimit(), sc.httpClientConfig(), sc.staticConfigs(), sc.fileSdConfigs(),
        sc.kubernetesSdConfigs(), sc.relabelConfigs(), sc.metricRelabelConfigs(),
        sc.otherSdConfigs());
  }

  private static void checkDuplicateNames(List<String> names, String kind, int line) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!name.isEmpty() && !seen.add(name)) {
        throw new ConfigException(line, "found multiple remote " + kind
            + " configs with job name " + RelabelValidator.goQuote(name));
      }
    }
  }

  private static void checkTracing(YamlFields t) {
    if (t.string("endpoint", "").isEmpty()) {
      throw new ConfigException(t.line(), "tracing endpoint must be set");
    }
    String compression = t.string("compression", "");
    if (!compression.isEmpty() && !compression.equals("gzip")) {
      throw new ConfigException(t.line("compression"),
          "invalid compression type " + compression + " provided, valid options: gzip");
    }
    String clientType = t.string("client_type", "");
    if (!clientType.isEmpty() && !clientType.equals("grpc") && !clientType.equals("http")) {
      throw new ConfigException(t.line("client_type"), "invalid tracing client type " + clientType);
    }
    for (String h : t.stringMap("headers").keySet()) {
      String lower = h.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("authorization")) {
        throw new ConfigException(t.line("headers"),
            "custom authorization header configuration is not yet supported");
      }
      if (RemoteConfigParser.RESERVED_HEADERS.contains(lower)) {
        throw new ConfigException(t.line("headers"), h + " is a reserved header. It must not be changed");
      }
    }
    HttpClientConfigParser.parseTls(t.mapping("tls_config", "config.plain",
        HttpClientConfigParser.TLS_KEYS), null);
  }
}
