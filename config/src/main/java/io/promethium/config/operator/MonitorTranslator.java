package io.promethium.config.operator;

import io.promethium.config.Authorization;
import io.promethium.config.BasicAuth;
import io.promethium.config.ByteSize;
import io.promethium.config.ConfigException;
import io.promethium.config.GlobalConfig;
import io.promethium.config.HttpClientConfig;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.KubernetesSelector;
import io.promethium.config.NamespaceDiscovery;
import io.promethium.config.PrometheusDuration;
import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.TlsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns ServiceMonitors and PodMonitors into scrape configs the way prometheus-operator
 * v0.93 does ({@code generateServiceMonitorConfig} / {@code generatePodMonitorConfig}, see the
 * corpus' {@code prometheus-operator/TRANSLATION.md}): one job per endpoint, the kubernetes SD
 * config, the generated relabel rules in the operator's order, then the user's rules.
 * Invalid monitors (bad duration, relabel rule, size) throw {@link ConfigException}; the
 * operator likewise skips such monitors.
 */
public final class MonitorTranslator {

  private static final String META = "__meta_kubernetes_";

  private final TranslatorOptions options;
  private final SecretResolver secrets;

  public MonitorTranslator(TranslatorOptions options, SecretResolver secrets) {
    this.options = options;
    this.secrets = secrets;
  }

  /** All jobs in the operator's order: ServiceMonitors, then PodMonitors, each sorted by namespace/name. */
  public List<ScrapeConfig> translateAll(List<ServiceMonitor> serviceMonitors, List<PodMonitor> podMonitors) {
    List<ServiceMonitor> sms = new ArrayList<>(serviceMonitors);
    sms.sort(Comparator.comparing(m -> m.namespace() + "/" + m.name()));
    List<PodMonitor> pms = new ArrayList<>(podMonitors);
    pms.sort(Comparator.comparing(m -> m.namespace() + "/" + m.name()));
    List<ScrapeConfig> out = new ArrayList<>();
    for (ServiceMonitor sm : sms) {
      out.addAll(translate(sm));
    }
    for (PodMonitor pm : pms) {
      out.addAll(translate(pm));
    }
    return out;
  }

  public List<ScrapeConfig> translate(ServiceMonitor sm) {
    List<ScrapeConfig> out = new ArrayList<>();
    for (int i = 0; i < sm.endpoints().size(); i++) {
      out.add(serviceMonitorJob(sm, i));
    }
    return out;
  }

  public List<ScrapeConfig> translate(PodMonitor pm) {
    List<ScrapeConfig> out = new ArrayList<>();
    for (int i = 0; i < pm.podMetricsEndpoints().size(); i++) {
      out.add(podMonitorJob(pm, i));
    }
    return out;
  }

  private ScrapeConfig serviceMonitorJob(ServiceMonitor sm, int index) {
    MonitorEndpoint ep = sm.endpoints().get(index);
    String jobName = "serviceMonitor/" + sm.namespace() + "/" + sm.name() + "/" + index;
    boolean slice = options.endpointSlice() || "EndpointSlice".equals(sm.serviceDiscoveryRole());
    String role = slice ? "endpointslice" : "endpoints";
    String epMeta = META + (slice ? "endpointslice_" : "endpoint_");
    boolean roleSelector = "RoleSelector".equals(sm.selectorMechanism());

    List<RelabelConfig> r = new ArrayList<>();
    r.add(copy("job", "__tmp_prometheus_job_name"));
    if (!roleSelector) {
      selectorRules(r, sm.selector(), "service");
    }
    if (!ep.port().isEmpty()) {
      r.add(keep(List.of(epMeta + "port_name"), ep.port()));
    } else if (!ep.targetPort().isEmpty()) {
      r.add(targetPortRule(ep));
    }
    List<String> target = List.of(epMeta + "address_target_kind", epMeta + "address_target_name");
    r.add(new RelabelConfig(target, ";", "Node;(.*)", 0, "node", "${1}", RelabelAction.REPLACE));
    r.add(new RelabelConfig(target, ";", "Pod;(.*)", 0, "pod", "${1}", RelabelAction.REPLACE));
    r.add(copy(META + "namespace", "namespace"));
    r.add(copy(META + "service_name", "service"));
    r.add(copy(META + "pod_name", "pod"));
    r.add(copy(META + "pod_container_name", "container"));
    if (ep.filterRunning()) {
      r.add(phaseFilter());
    }
    for (String l : sm.targetLabels()) {
      r.add(copyNonEmpty(META + "service_label_" + sanitize(l), sanitize(l)));
    }
    for (String l : podTargetLabels(sm.podTargetLabels())) {
      r.add(copyNonEmpty(META + "pod_label_" + sanitize(l), sanitize(l)));
    }
    r.add(new RelabelConfig(List.of(META + "service_name"), ";", "(.*)", 0, "job", "${1}", RelabelAction.REPLACE));
    if (!sm.jobLabel().isEmpty()) {
      r.add(copyNonEmpty(META + "service_label_" + sanitize(sm.jobLabel()), "job"));
    }
    String endpointLabel = !ep.port().isEmpty() ? ep.port() : ep.targetPort();
    if (!endpointLabel.isEmpty()) {
      r.add(constant("endpoint", endpointLabel));
    }
    userRules(r, ep.relabelings(), jobName);
    shardingRules(r);

    List<KubernetesSelector> selectors = new ArrayList<>();
    if (roleSelector && !sm.selector().isEmpty()) {
      String s = sm.selector().toSelectorString();
      selectors.add(new KubernetesSelector(role, s, ""));
      selectors.add(new KubernetesSelector("service", s, ""));
    }
    KubernetesSdConfig sd = new KubernetesSdConfig(role, "", "",
        namespaces(sm.namespaceSelector(), sm.namespace()), selectors, sm.attachMetadataNode(),
        HttpClientConfig.DEFAULT);
    return job(jobName, sm.namespace(), ep, sm.limits(), sd, r);
  }

  private ScrapeConfig podMonitorJob(PodMonitor pm, int index) {
    MonitorEndpoint ep = pm.podMetricsEndpoints().get(index);
    String jobName = "podMonitor/" + pm.namespace() + "/" + pm.name() + "/" + index;
    boolean roleSelector = "RoleSelector".equals(pm.selectorMechanism());

    List<RelabelConfig> r = new ArrayList<>();
    r.add(copy("job", "__tmp_prometheus_job_name"));
    if (ep.filterRunning()) {
      r.add(phaseFilter());
    }
    if (!roleSelector) {
      selectorRules(r, pm.selector(), "pod");
    }
    if (!ep.port().isEmpty()) {
      r.add(keep(List.of(META + "pod_container_port_name"), ep.port()));
    } else if (ep.portNumber() != 0) {
      r.add(keep(List.of(META + "pod_container_port_number"), Long.toString(ep.portNumber())));
    } else if (!ep.targetPort().isEmpty()) {
      r.add(targetPortRule(ep));
    }
    r.add(copy(META + "namespace", "namespace"));
    r.add(copy(META + "pod_container_name", "container"));
    r.add(copy(META + "pod_name", "pod"));
    for (String l : podTargetLabels(pm.podTargetLabels())) {
      r.add(copyNonEmpty(META + "pod_label_" + sanitize(l), sanitize(l)));
    }
    r.add(constant("job", pm.namespace() + "/" + pm.name()));
    if (!pm.jobLabel().isEmpty()) {
      r.add(copyNonEmpty(META + "pod_label_" + sanitize(pm.jobLabel()), "job"));
    }
    String endpointLabel = !ep.port().isEmpty() ? ep.port() : ep.targetPort();
    if (!endpointLabel.isEmpty()) {
      r.add(constant("endpoint", endpointLabel));
    }
    userRules(r, ep.relabelings(), jobName);
    shardingRules(r);

    List<KubernetesSelector> selectors = new ArrayList<>();
    if (roleSelector && !pm.selector().isEmpty()) {
      selectors.add(new KubernetesSelector("pod", pm.selector().toSelectorString(), ""));
    }
    KubernetesSdConfig sd = new KubernetesSdConfig("pod", "", "",
        namespaces(pm.namespaceSelector(), pm.namespace()), selectors, pm.attachMetadataNode(),
        HttpClientConfig.DEFAULT);
    return job(jobName, pm.namespace(), ep, pm.limits(), sd, r);
  }

  private ScrapeConfig job(String jobName, String namespace, MonitorEndpoint ep, MonitorLimits limits,
      KubernetesSdConfig sd, List<RelabelConfig> relabel) {
    GlobalConfig g = options.global();
    Duration interval = ep.interval().isEmpty() ? g.scrapeInterval() : duration(ep.interval(), jobName, "interval");
    Duration timeout;
    if (ep.scrapeTimeout().isEmpty()) {
      timeout = g.scrapeTimeout().compareTo(interval) > 0 ? interval : g.scrapeTimeout();
    } else {
      timeout = duration(ep.scrapeTimeout(), jobName, "scrapeTimeout");
      if (timeout.compareTo(interval) > 0) {
        throw new ConfigException("scrape timeout greater than scrape interval for scrape config with job name \""
            + jobName + "\"");
      }
    }
    long bodySize = 0;
    if (!limits.bodySizeLimit().isEmpty()) {
      try {
        bodySize = ByteSize.parse(limits.bodySizeLimit());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(jobName + ": bodySizeLimit: " + e.getMessage());
      }
    }
    List<RelabelConfig> metric = new ArrayList<>();
    for (MonitorRelabelConfig m : ep.metricRelabelings()) {
      metric.add(validated(m, jobName, "metricRelabelings"));
    }
    return new ScrapeConfig(jobName, interval, timeout,
        ep.path().isEmpty() ? ScrapeConfig.DEFAULT_METRICS_PATH : ep.path(),
        ep.scheme().isEmpty() ? ScrapeConfig.DEFAULT_SCHEME : ep.scheme(),
        ep.params(), Boolean.TRUE.equals(ep.honorLabels()),
        ep.honorTimestamps() == null || ep.honorTimestamps(),
        limits.sampleLimit(), limits.labelLimit(), limits.labelNameLengthLimit(),
        limits.labelValueLengthLimit(), limits.targetLimit(), bodySize,
        httpClient(namespace, ep), List.of(), List.of(), List.of(sd), relabel, metric);
  }

  private HttpClientConfig httpClient(String ns, MonitorEndpoint ep) {
    BasicAuth basic = null;
    if (ep.basicAuthUsername() != null || ep.basicAuthPassword() != null) {
      basic = new BasicAuth(value(ns, ep.basicAuthUsername()), value(ns, ep.basicAuthPassword()), "");
    }
    Authorization auth = null;
    if (ep.authorizationCredentials() != null || ep.authorizationType() != null) {
      auth = new Authorization(ep.authorizationType(), value(ns, ep.authorizationCredentials()), "");
    } else if (ep.bearerTokenSecret() != null && !ep.bearerTokenSecret().name().isEmpty()) {
      auth = new Authorization("Bearer", value(ns, ep.bearerTokenSecret()), "");
    } else if (!ep.bearerTokenFile().isEmpty()) {
      auth = new Authorization("Bearer", "", ep.bearerTokenFile());
    }
    TlsConfig tls = TlsConfig.DEFAULT;
    MonitorTlsConfig t = ep.tlsConfig();
    if (t != null) {
      tls = new TlsConfig(
          t.caFile().isEmpty() ? asset(ns, t.ca()) : t.caFile(),
          t.certFile().isEmpty() ? asset(ns, t.cert()) : t.certFile(),
          !t.keyFile().isEmpty() ? t.keyFile()
              : t.keySecret() == null ? "" : secrets.tlsAssetFile(ns, "secret", t.keySecret()),
          t.serverName(), t.insecureSkipVerify(), t.minVersion(), t.maxVersion());
    }
    return new HttpClientConfig(basic, auth, tls, ep.proxyUrl(),
        ep.followRedirects() == null || ep.followRedirects(),
        ep.enableHttp2() == null || ep.enableHttp2());
  }

  private String value(String ns, KeySelector s) {
    if (s == null) {
      return "";
    }
    String v = secrets.secret(ns, s);
    return v == null ? "" : v;
  }

  private String asset(String ns, SecretOrConfigMap s) {
    if (s == null) {
      return "";
    }
    if (s.secret() != null) {
      return secrets.tlsAssetFile(ns, "secret", s.secret());
    }
    if (s.configMap() != null) {
      return secrets.tlsAssetFile(ns, "configmap", s.configMap());
    }
    return "";
  }

  private NamespaceDiscovery namespaces(NamespaceSelector sel, String own) {
    if (options.ignoreNamespaceSelectors()) {
      return new NamespaceDiscovery(List.of(own), false);
    }
    if (sel.any()) {
      return NamespaceDiscovery.ALL;
    }
    if (!sel.matchNames().isEmpty()) {
      return new NamespaceDiscovery(sel.matchNames(), false);
    }
    return new NamespaceDiscovery(List.of(own), false);
  }

  /** The label selector as keep/drop rules on the service's or pod's labels (§4). */
  private static void selectorRules(List<RelabelConfig> r, LabelSelector sel, String kind) {
    String label = META + kind + "_label_";
    String present = META + kind + "_labelpresent_";
    for (Map.Entry<String, String> e : sel.matchLabels().entrySet()) {
      String k = sanitize(e.getKey());
      r.add(rule(RelabelAction.KEEP, List.of(label + k, present + k), "(" + e.getValue() + ");true"));
    }
    for (LabelSelectorRequirement req : sel.matchExpressions()) {
      String k = sanitize(req.key());
      String values = "(" + String.join("|", req.values()) + ");true";
      switch (req.operator()) {
        case "In" -> r.add(rule(RelabelAction.KEEP, List.of(label + k, present + k), values));
        case "NotIn" -> r.add(rule(RelabelAction.DROP, List.of(label + k, present + k), values));
        case "Exists" -> r.add(rule(RelabelAction.KEEP, List.of(present + k), "true"));
        default -> r.add(rule(RelabelAction.DROP, List.of(present + k), "true"));
      }
    }
  }

  private static RelabelConfig targetPortRule(MonitorEndpoint ep) {
    String src = ep.targetPortIsNumber() ? META + "pod_container_port_number" : META + "pod_container_port_name";
    return keep(List.of(src), ep.targetPort());
  }

  private void userRules(List<RelabelConfig> r, List<MonitorRelabelConfig> user, String jobName) {
    for (MonitorRelabelConfig m : user) {
      r.add(validated(m, jobName, "relabelings"));
    }
  }

  private static RelabelConfig validated(MonitorRelabelConfig m, String jobName, String field) {
    try {
      return m.toRelabelConfig();
    } catch (ConfigException e) {
      throw new ConfigException(jobName + ": " + field + ": " + e.getMessage());
    }
  }

  private void shardingRules(List<RelabelConfig> r) {
    r.add(new RelabelConfig(List.of("__address__", "__tmp_hash"), ";", "(.+);", 0, "__tmp_hash", "$1",
        RelabelAction.REPLACE));
    r.add(new RelabelConfig(List.of("__tmp_hash"), ";", "(.*)", Math.max(1, options.shards()), "__tmp_hash",
        "$1", RelabelAction.HASHMOD));
    r.add(rule(RelabelAction.KEEP, List.of("__tmp_hash", "__tmp_disable_sharding"), options.shard() + ";|.+;.+"));
  }

  private List<String> podTargetLabels(List<String> monitor) {
    List<String> all = new ArrayList<>(monitor);
    all.addAll(options.podTargetLabels());
    return all;
  }

  private static RelabelConfig phaseFilter() {
    return rule(RelabelAction.DROP, List.of(META + "pod_phase"), "(Failed|Succeeded)");
  }

  private static RelabelConfig rule(RelabelAction a, List<String> sources, String regex) {
    return new RelabelConfig(sources, ";", regex, 0, "", "$1", a);
  }

  private static RelabelConfig keep(List<String> sources, String regex) {
    return rule(RelabelAction.KEEP, sources, regex);
  }

  private static RelabelConfig copy(String from, String to) {
    return new RelabelConfig(List.of(from), ";", "(.*)", 0, to, "$1", RelabelAction.REPLACE);
  }

  /** Copies only a non-empty value ({@code regex: (.+)}), so an empty label never overwrites. */
  private static RelabelConfig copyNonEmpty(String from, String to) {
    return new RelabelConfig(List.of(from), ";", "(.+)", 0, to, "${1}", RelabelAction.REPLACE);
  }

  private static RelabelConfig constant(String target, String value) {
    return new RelabelConfig(List.of(), ";", "(.*)", 0, target, value, RelabelAction.REPLACE);
  }

  /** Kubernetes label keys become Prometheus label names: every other character is {@code _}. */
  static String sanitize(String key) {
    StringBuilder sb = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  private static Duration duration(String s, String jobName, String field) {
    try {
      return PrometheusDuration.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(jobName + ": " + field + ": " + e.getMessage());
    }
  }
}
