package io.promethium.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Renders a loaded configuration as YAML the way Prometheus 2.42 answers
 * {@code GET /api/v1/status/config}: defaults filled in, Go's field order, zero values left out
 * where Prometheus leaves them out, service discoveries after the other fields sorted by key,
 * and every secret shown as {@code <secret>}.
 *
 * <p>Sections we keep as plain maps (other service discoveries, {@code alerting},
 * {@code storage}, {@code tracing}) are rendered as written, with their secrets masked.
 */
public final class ConfigRenderer {

  public static final String SECRET = "<secret>";

  /** Keys whose values are {@code config.Secret} in Prometheus' plain-kept sections. */
  private static final Set<String> SECRET_KEYS = Set.of("password", "credentials", "bearer_token",
      "client_secret", "secret_key", "token", "auth_token", "application_secret", "consumer_key");

  private ConfigRenderer() {}

  /** The YAML text of {@code c} as Prometheus would print it. */
  public static String render(PrometheusConfig c) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setIndicatorIndent(0);
    o.setWidth(Integer.MAX_VALUE);
    o.setSplitLines(false);
    return new Yaml(new FlowAwareRepresenter(o), o).dump(tree(c));
  }

  /** The same content as nested maps/lists (for JSON or tests). */
  public static Map<String, Object> tree(PrometheusConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("global", global(c.global()));
    putIfPresent(m, "alerting", masked(c.otherSections().get("alerting")));
    if (!c.ruleFiles().isEmpty()) {
      m.put("rule_files", new ArrayList<>(c.ruleFiles()));
    }
    if (!c.scrapeConfigs().isEmpty()) {
      List<Object> jobs = new ArrayList<>();
      for (ScrapeConfig sc : c.scrapeConfigs()) {
        jobs.add(scrape(sc));
      }
      m.put("scrape_configs", jobs);
    }
    putIfPresent(m, "storage", masked(c.otherSections().get("storage")));
    putIfPresent(m, "tracing", masked(c.otherSections().get("tracing")));
    if (!c.remoteWrite().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (RemoteWriteConfig w : c.remoteWrite()) {
        l.add(remoteWrite(w));
      }
      m.put("remote_write", l);
    }
    if (!c.remoteRead().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (RemoteReadConfig r : c.remoteRead()) {
        l.add(remoteRead(r));
      }
      m.put("remote_read", l);
    }
    return m;
  }

  private static Map<String, Object> global(GlobalConfig g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scrape_interval", PrometheusDuration.format(g.scrapeInterval()));
    m.put("scrape_timeout", PrometheusDuration.format(g.scrapeTimeout()));
    m.put("evaluation_interval", PrometheusDuration.format(g.evaluationInterval()));
    putString(m, "query_log_file", g.queryLogFile());
    if (!g.externalLabels().isEmpty()) {
      m.put("external_labels", new LinkedHashMap<>(g.externalLabels()));
    }
    return m;
  }

  private static Map<String, Object> scrape(ScrapeConfig sc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job_name", sc.jobName());
    if (sc.honorLabels()) {
      m.put("honor_labels", true);
    }
    m.put("honor_timestamps", sc.honorTimestamps());
    if (!sc.params().isEmpty()) {
      Map<String, Object> p = new LinkedHashMap<>();
      sc.params().forEach((k, v) -> p.put(k, new ArrayList<>(v)));
      m.put("params", p);
    }
    m.put("scrape_interval", PrometheusDuration.format(sc.scrapeInterval()));
    m.put("scrape_timeout", PrometheusDuration.format(sc.scrapeTimeout()));
    putString(m, "metrics_path", sc.metricsPath());
    putString(m, "scheme", sc.scheme());
    if (sc.bodySizeLimit() != 0) {
      m.put("body_size_limit", ByteSize.format(sc.bodySizeLimit()));
    }
    putLong(m, "sample_limit", sc.sampleLimit());
    putLong(m, "target_limit", sc.targetLimit());
    putLong(m, "label_limit", sc.labelLimit());
    putLong(m, "label_name_length_limit", sc.labelNameLengthLimit());
    putLong(m, "label_value_length_limit", sc.labelValueLengthLimit());
    httpClient(m, sc.httpClientConfig());
    if (!sc.relabelConfigs().isEmpty()) {
      m.put("relabel_configs", relabels(sc.relabelConfigs()));
    }
    if (!sc.metricRelabelConfigs().isEmpty()) {
      m.put("metric_relabel_configs", relabels(sc.metricRelabelConfigs()));
    }
    // Prometheus appends the discovery sections after the struct fields, sorted by YAML key.
    TreeMap<String, Object> sds = new TreeMap<>();
    sc.otherSdConfigs().forEach((k, v) -> sds.put(k, masked(v)));
    if (!sc.fileSdConfigs().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (FileSdConfig f : sc.fileSdConfigs()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("files", new ArrayList<>(f.files()));
        fm.put("refresh_interval", PrometheusDuration.format(f.refreshInterval()));
        l.add(fm);
      }
      sds.put("file_sd_configs", l);
    }
    if (!sc.kubernetesSdConfigs().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (KubernetesSdConfig k : sc.kubernetesSdConfigs()) {
        l.add(kubernetes(k));
      }
      sds.put("kubernetes_sd_configs", l);
    }
    if (!sc.staticConfigs().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (StaticConfig s : sc.staticConfigs()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("targets", new ArrayList<>(s.targets()));
        if (!s.labels().isEmpty()) {
          sm.put("labels", new LinkedHashMap<>(s.labels()));
        }
        l.add(sm);
      }
      sds.put("static_configs", l);
    }
    m.putAll(sds);
    return m;
  }

  private static Map<String, Object> kubernetes(KubernetesSdConfig k) {
    Map<String, Object> m = new LinkedHashMap<>();
    putString(m, "api_server", k.apiServer());
    m.put("role", k.role());
    m.put("kubeconfig_file", k.kubeconfigFile());
    httpClient(m, k.httpClientConfig());
    if (!k.namespaces().equals(NamespaceDiscovery.ALL)) {
      Map<String, Object> ns = new LinkedHashMap<>();
      ns.put("own_namespace", k.namespaces().ownNamespace());
      if (!k.namespaces().names().isEmpty()) {
        ns.put("names", new ArrayList<>(k.namespaces().names()));
      }
      m.put("namespaces", ns);
    }
    if (!k.selectors().isEmpty()) {
      List<Object> l = new ArrayList<>();
      for (KubernetesSelector s : k.selectors()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("role", s.role());
        putString(sm, "label", s.label());
        putString(sm, "field", s.field());
        l.add(sm);
      }
      m.put("selectors", l);
    }
    if (k.attachMetadataNode()) {
      m.put("attach_metadata", new LinkedHashMap<>(Map.of("node", true)));
    }
    return m;
  }

  private static void httpClient(Map<String, Object> m, HttpClientConfig h) {
    if (h.basicAuth() != null) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("username", h.basicAuth().username());
      putSecret(b, "password", h.basicAuth().password());
      putString(b, "password_file", h.basicAuth().passwordFile());
      m.put("basic_auth", b);
    }
    if (h.authorization() != null) {
      Map<String, Object> a = new LinkedHashMap<>();
      putString(a, "type", h.authorization().type());
      putSecret(a, "credentials", h.authorization().credentials());
      putString(a, "credentials_file", h.authorization().credentialsFile());
      m.put("authorization", a);
    }
    putIfPresent(m, "oauth2", masked(h.extra().get("oauth2")));
    Map<String, Object> tls = tls(h.tlsConfig());
    if (!tls.isEmpty()) {
      m.put("tls_config", tls);
    }
    putString(m, "proxy_url", h.proxyUrl());
    putIfPresent(m, "proxy_connect_header", masked(h.extra().get("proxy_connect_header")));
    m.put("follow_redirects", h.followRedirects());
    m.put("enable_http2", h.enableHttp2());
  }

  private static Map<String, Object> tls(TlsConfig t) {
    Map<String, Object> m = new LinkedHashMap<>();
    putString(m, "ca_file", t.caFile());
    putString(m, "cert_file", t.certFile());
    putString(m, "key_file", t.keyFile());
    putString(m, "server_name", t.serverName());
    if (t.insecureSkipVerify()) {
      m.put("insecure_skip_verify", true);
    }
    putString(m, "min_version", t.minVersion());
    putString(m, "max_version", t.maxVersion());
    return m;
  }

  private static List<Object> relabels(List<RelabelConfig> rs) {
    List<Object> out = new ArrayList<>();
    for (RelabelConfig r : rs) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (!r.sourceLabels().isEmpty()) {
        m.put("source_labels", new FlowList(r.sourceLabels()));
      }
      putString(m, "separator", r.separator());
      m.put("regex", r.regex());
      putLong(m, "modulus", r.modulus());
      putString(m, "target_label", r.targetLabel());
      putString(m, "replacement", r.replacement());
      m.put("action", r.action().yamlName());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> remoteWrite(RemoteWriteConfig w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", w.url());
    m.put("remote_timeout", PrometheusDuration.format(w.remoteTimeout()));
    if (!w.headers().isEmpty()) {
      m.put("headers", new LinkedHashMap<>(w.headers()));
    }
    if (!w.writeRelabelConfigs().isEmpty()) {
      m.put("write_relabel_configs", relabels(w.writeRelabelConfigs()));
    }
    putString(m, "name", w.name());
    if (w.sendExemplars()) {
      m.put("send_exemplars", true);
    }
    if (w.sendNativeHistograms()) {
      m.put("send_native_histograms", true);
    }
    httpClient(m, w.httpClientConfig());
    // Prometheus prints the queue and metadata settings with their defaults filled in.
    Map<String, Object> queue = new LinkedHashMap<>();
    queue.put("capacity", 2500L);
    queue.put("max_shards", 200L);
    queue.put("min_shards", 1L);
    queue.put("max_samples_per_send", 500L);
    queue.put("batch_send_deadline", "5s");
    queue.put("min_backoff", "30ms");
    queue.put("max_backoff", "5s");
    queue.putAll(w.queueConfig());
    m.put("queue_config", queue);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("send", true);
    meta.put("send_interval", "1m");
    meta.put("max_samples_per_send", 500L);
    meta.putAll(w.metadataConfig());
    m.put("metadata_config", meta);
    if (!w.sigv4().isEmpty()) {
      m.put("sigv4", masked(w.sigv4()));
    }
    return m;
  }

  private static Map<String, Object> remoteRead(RemoteReadConfig r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", r.url());
    m.put("remote_timeout", PrometheusDuration.format(r.remoteTimeout()));
    if (!r.headers().isEmpty()) {
      m.put("headers", new LinkedHashMap<>(r.headers()));
    }
    m.put("read_recent", r.readRecent());
    putString(m, "name", r.name());
    if (!r.requiredMatchers().isEmpty()) {
      m.put("required_matchers", new LinkedHashMap<>(r.requiredMatchers()));
    }
    m.put("filter_external_labels", r.filterExternalLabels());
    httpClient(m, r.httpClientConfig());
    return m;
  }

  /** A deep copy of a plain YAML value with secret-valued keys replaced by {@code <secret>}. */
  @SuppressWarnings("unchecked")
  static Object masked(Object v) {
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
        Object val = e.getValue();
        if (SECRET_KEYS.contains(e.getKey()) && val != null && !String.valueOf(val).isEmpty()) {
          out.put(e.getKey(), SECRET);
        } else {
          out.put(e.getKey(), masked(val));
        }
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(masked(o));
      }
      return out;
    }
    return v;
  }

  private static void putIfPresent(Map<String, Object> m, String key, Object v) {
    if (v != null) {
      m.put(key, v);
    }
  }

  private static void putString(Map<String, Object> m, String key, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(key, v);
    }
  }

  private static void putSecret(Map<String, Object> m, String key, String v) {
    if (v != null && !v.isEmpty()) {
      m.put(key, SECRET);
    }
  }

  private static void putLong(Map<String, Object> m, String key, long v) {
    if (v != 0) {
      m.put(key, v);
    }
  }

  /** A list Prometheus prints in flow style ({@code source_labels: [a, b]}). */
  static final class FlowList extends ArrayList<String> {
    FlowList(List<String> l) {
      super(l);
    }
  }

  private static final Resolver RESOLVER = new Resolver();

  private static final class FlowAwareRepresenter extends Representer {
    FlowAwareRepresenter(DumperOptions o) {
      super(o);
      Represent flow = data -> representSequence(Tag.SEQ, (List<?>) data, DumperOptions.FlowStyle.FLOW);
      this.representers.put(FlowList.class, flow);
    }

    /** Go's yaml.v2 quotes with double quotes where SnakeYAML would pick single quotes. */
    @Override
    protected Node representScalar(Tag tag, String value, DumperOptions.ScalarStyle style) {
      if (Tag.STR.equals(tag) && style == DumperOptions.ScalarStyle.PLAIN
          && (value.isEmpty() || !Tag.STR.equals(RESOLVER.resolve(NodeId.scalar, value, true)))) {
        style = DumperOptions.ScalarStyle.DOUBLE_QUOTED;
      }
      return super.representScalar(tag, value, style);
    }
  }
}
