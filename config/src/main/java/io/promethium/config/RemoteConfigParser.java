package io.promethium.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** {@code remote_write} / {@code remote_read} entries: the fields we need now, validated like 2.42. */
final class RemoteConfigParser {

  private static final Set<String> WRITE_KEYS;
  private static final Set<String> READ_KEYS;

  static {
    Set<String> w = new HashSet<>(HttpClientConfigParser.KEYS);
    w.addAll(List.of("url", "remote_timeout", "headers", "write_relabel_configs", "name",
        "send_exemplars", "send_native_histograms", "queue_config", "metadata_config", "sigv4"));
    WRITE_KEYS = Set.copyOf(w);
    Set<String> r = new HashSet<>(HttpClientConfigParser.KEYS);
    r.addAll(List.of("url", "remote_timeout", "headers", "read_recent", "name",
        "required_matchers", "filter_external_labels"));
    READ_KEYS = Set.copyOf(r);
  }

  /** Headers Prometheus sets itself; users must not override them. */
  static final Set<String> RESERVED_HEADERS = Set.of(
      "host", "content-encoding", "content-length", "content-type", "user-agent", "connection",
      "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate",
      "accept-encoding", "x-prometheus-remote-write-version", "x-prometheus-remote-read-version",
      "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");

  private RemoteConfigParser() {}

  static RemoteWriteConfig parseWrite(Node n, String baseDir) {
    YamlFields f = YamlFields.of(n, "config.plain", WRITE_KEYS);
    List<RelabelConfig> relabel = RelabelConfigParser.parseList(f, "write_relabel_configs",
        "empty or null relabeling rule in remote write config");
    String url = f.string("url", "");
    if (url.isEmpty()) {
      throw new ConfigException(f.line(), "url for remote_write is empty");
    }
    UrlCheck.parse(url, f.line("url"));
    Map<String, String> headers = f.stringMap("headers");
    checkHeaders(headers, f.line("headers"));
    HttpClientConfig http = HttpClientConfigParser.parse(f, baseDir);
    KeptSectionChecks.queueConfig(f);
    Map<String, Object> sigv4 = plainMap(f, "sigv4");
    if (sigv4 != null && (http.basicAuth() != null || http.authorization() != null
        || http.extra().containsKey("oauth2"))) {
      throw new ConfigException(f.line("sigv4"),
          "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured");
    }
    return new RemoteWriteConfig(url, f.string("name", ""),
        orDefault(f.duration("remote_timeout", null), RemoteWriteConfig.DEFAULT_REMOTE_TIMEOUT),
        headers, relabel, f.bool("send_exemplars", false), f.bool("send_native_histograms", false),
        http, plainMap(f, "queue_config"), plainMap(f, "metadata_config"), sigv4);
  }

  static RemoteReadConfig parseRead(Node n, String baseDir) {
    YamlFields f = YamlFields.of(n, "config.plain", READ_KEYS);
    String url = f.string("url", "");
    if (url.isEmpty()) {
      throw new ConfigException(f.line(), "url for remote_read is empty");
    }
    UrlCheck.parse(url, f.line("url"));
    Map<String, String> headers = f.stringMap("headers");
    checkHeaders(headers, f.line("headers"));
    HttpClientConfig http = HttpClientConfigParser.parse(f, baseDir);
    return new RemoteReadConfig(url, f.string("name", ""),
        orDefault(f.duration("remote_timeout", null), RemoteReadConfig.DEFAULT_REMOTE_TIMEOUT),
        headers, f.bool("read_recent", false), f.stringMap("required_matchers"),
        f.bool("filter_external_labels", true), http);
  }

  static void checkHeaders(Map<String, String> headers, int line) {
    for (String h : headers.keySet()) {
      String lower = h.toLowerCase(java.util.Locale.ROOT);
      if (lower.equals("authorization")) {
        throw new ConfigException(line, "authorization header must be changed via the basic_auth, "
            + "authorization, oauth2, or sigv4 parameter");
      }
      if (RESERVED_HEADERS.contains(lower)) {
        throw new ConfigException(line, h + " is a reserved header. It must not be changed");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> plainMap(YamlFields f, String key) {
    if (!f.has(key)) {
      return null;
    }
    Object v = YamlFields.plain(f.raw(key));
    if (!(v instanceof Map)) {
      throw new ConfigException(f.line(key), "cannot unmarshal " + YamlFields.kind(f.raw(key))
          + " into " + key);
    }
    return (Map<String, Object>) v;
  }

  private static Duration orDefault(Duration d, Duration def) {
    return d == null || d.isZero() ? def : d;
  }
}
