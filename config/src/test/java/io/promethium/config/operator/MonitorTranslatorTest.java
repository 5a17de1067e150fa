package io.promethium.config.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.config.Authorization;
import io.promethium.config.BasicAuth;
import io.promethium.config.ConfigException;
import io.promethium.config.ConfigRenderer;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitorTranslatorTest {

  /** Secrets and ConfigMaps of a fake cluster, keyed "namespace/name/key". */
  private static final SecretResolver CLUSTER = new SecretResolver() {
    private final Map<String, String> secrets = Map.of(
        "mon/creds/user", "alice", "mon/creds/pass", "s3cret", "mon/tok/token", "bearer-xyz");

    @Override
    public String secret(String ns, KeySelector s) {
      String v = secrets.get(ns + "/" + s.name() + "/" + s.key());
      if (v == null && !s.optional()) {
        throw new ConfigException("secret " + ns + "/" + s.name() + " has no key " + s.key());
      }
      return v;
    }

    @Override
    public String configMap(String ns, KeySelector s) {
      throw new ConfigException("no configmaps");
    }
  };

  private static MonitorTranslator translator() {
    return new MonitorTranslator(TranslatorOptions.DEFAULT, CLUSTER);
  }

  private static ScrapeConfig onlyJob(String yaml) {
    MonitorSet set = MonitorYaml.load(yaml);
    List<ScrapeConfig> jobs = translator().translateAll(set.serviceMonitors(), set.podMonitors());
    assertThat(jobs).hasSize(1);
    return jobs.get(0);
  }

  private static RelabelConfig keep(List<String> src, String regex) {
    return new RelabelConfig(src, ";", regex, 0, "", "$1", RelabelAction.KEEP);
  }

  private static RelabelConfig drop(List<String> src, String regex) {
    return new RelabelConfig(src, ";", regex, 0, "", "$1", RelabelAction.DROP);
  }

  @Test
  void selectorOperatorsBecomeKeepAndDropRulesWithSanitisedKeys() {
    ScrapeConfig sc = onlyJob("""
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: s, namespace: mon}
        spec:
          selector:
            matchLabels: {app.kubernetes.io/name: web, a: b}
            matchExpressions:
            - {key: tier, operator: NotIn, values: [cache, db]}
            - {key: canary, operator: Exists}
            - {key: legacy-x, operator: DoesNotExist}
          endpoints: [{port: metrics}]
        """);
    String l = "__meta_kubernetes_service_label_";
    String p = "__meta_kubernetes_service_labelpresent_";
    assertThat(sc.relabelConfigs().subList(1, 6)).containsExactly(
        keep(List.of(l + "a", p + "a"), "(b);true"),
        keep(List.of(l + "app_kubernetes_io_name", p + "app_kubernetes_io_name"), "(web);true"),
        drop(List.of(l + "tier", p + "tier"), "(cache|db);true"),
        keep(List.of(p + "canary"), "true"),
        drop(List.of(p + "legacy_x"), "true"));
    assertThat(sc.kubernetesSdConfigs().get(0).namespaces().names()).containsExactly("mon");
  }

  @Test
  void portChoicesForPodMonitors() {
    String base = """
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: p, namespace: mon}
        spec:
          podMetricsEndpoints: [%s]
        """;
    ScrapeConfig byNumber = onlyJob(base.formatted("{portNumber: 9100}"));
    assertThat(byNumber.relabelConfigs()).contains(keep(List.of("__meta_kubernetes_pod_container_port_number"), "9100"));
    ScrapeConfig byTargetInt = onlyJob(base.formatted("{targetPort: 8080}"));
    assertThat(byTargetInt.relabelConfigs())
        .contains(keep(List.of("__meta_kubernetes_pod_container_port_number"), "8080"))
        .contains(new RelabelConfig(List.of(), ";", "(.*)", 0, "endpoint", "8080", RelabelAction.REPLACE));
    ScrapeConfig byTargetName = onlyJob(base.formatted("{targetPort: http}"));
    assertThat(byTargetName.relabelConfigs()).contains(keep(List.of("__meta_kubernetes_pod_container_port_name"), "http"));
    ScrapeConfig none = onlyJob(base.formatted("{}"));
    assertThat(none.relabelConfigs()).extracting(RelabelConfig::targetLabel).doesNotContain("endpoint");
  }

  @Test
  void endpointFieldsAndResolvedSecrets() {
    ScrapeConfig sc = onlyJob("""
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: s, namespace: mon}
        spec:
          sampleLimit: 5000
          targetLimit: 10
          labelLimit: 30
          bodySizeLimit: 10MB
          endpoints:
          - port: https
            scheme: https
            path: /federate
            interval: 1m
            scrapeTimeout: 20s
            honorLabels: true
            honorTimestamps: false
            params: {'match[]': ['{job="a"}']}
            basicAuth:
              username: {name: creds, key: user}
              password: {name: creds, key: pass}
            tlsConfig:
              ca: {secret: {name: tls, key: ca.crt}}
              cert: {configMap: {name: certs, key: tls.crt}}
              keySecret: {name: tls, key: tls.key}
              serverName: api.internal
              insecureSkipVerify: true
            followRedirects: false
        """);
    assertThat(sc.scheme()).isEqualTo("https");
    assertThat(sc.metricsPath()).isEqualTo("/federate");
    assertThat(sc.scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(sc.scrapeTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(sc.honorLabels()).isTrue();
    assertThat(sc.honorTimestamps()).isFalse();
    assertThat(sc.params()).containsEntry("match[]", List.of("{job=\"a\"}"));
    assertThat(sc.sampleLimit()).isEqualTo(5000);
    assertThat(sc.targetLimit()).isEqualTo(10);
    assertThat(sc.labelLimit()).isEqualTo(30);
    assertThat(sc.bodySizeLimit()).isEqualTo(10L << 20);
    assertThat(sc.httpClientConfig().basicAuth()).isEqualTo(new BasicAuth("alice", "s3cret", ""));
    assertThat(sc.httpClientConfig().tlsConfig()).isEqualTo(new TlsConfig(
        "/etc/prometheus/certs/secret_mon_tls_ca.crt", "/etc/prometheus/certs/configmap_mon_certs_tls.crt",
        "/etc/prometheus/certs/secret_mon_tls_tls.key", "api.internal", true, ""));
    assertThat(sc.httpClientConfig().followRedirects()).isFalse();
    assertThat(sc.httpClientConfig().enableHttp2()).isTrue();
    // secrets never leak into the status page
    PrometheusConfig cfg = new PrometheusConfig(io.promethium.config.GlobalConfig.DEFAULT, List.of(sc),
        List.of(), List.of(), List.of(), "");
    assertThat(ConfigRenderer.render(cfg)).doesNotContain("s3cret").contains("password: <secret>");
  }

  @Test
  void bearerTokenSecretBecomesAuthorization() {
    ScrapeConfig sc = onlyJob("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: p, namespace: mon}
        spec:
          podMetricsEndpoints:
          - port: m
            bearerTokenSecret: {name: tok, key: token}
        """);
    assertThat(sc.httpClientConfig().authorization()).isEqualTo(new Authorization("Bearer", "bearer-xyz", ""));
  }

  @Test
  void missingSecretFailsTheMonitor() {
    assertThatThrownBy(() -> onlyJob("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: p, namespace: mon}
        spec:
          podMetricsEndpoints:
          - port: m
            authorization: {credentials: {name: nope, key: k}}
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("secret mon/nope has no key k");
  }

  @Test
  void invalidUserRulesAndDurationsAreRejectedWithPrometheusWording() {
    String base = """
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: p, namespace: mon}
        spec:
          podMetricsEndpoints:
          - %s
        """;
    assertThatThrownBy(() -> onlyJob(base.formatted("relabelings: [{action: explode}]")))
        .hasMessage("podMonitor/mon/p/0: relabelings: unknown relabel action \"explode\"");
    assertThatThrownBy(() -> onlyJob(base.formatted("relabelings: [{action: hashmod, targetLabel: x}]")))
        .hasMessageContaining("relabel configuration for hashmod requires non-zero modulus");
    assertThatThrownBy(() -> onlyJob(base.formatted("metricRelabelings: [{action: replace, regex: 'a(b'}]")))
        .hasMessageContaining("metricRelabelings: error parsing regexp");
    assertThatThrownBy(() -> onlyJob(base.formatted("interval: 1minute")))
        .hasMessage("podMonitor/mon/p/0: interval: not a valid duration string: \"1minute\"");
    assertThatThrownBy(() -> onlyJob(base.formatted("{interval: 10s, scrapeTimeout: 20s}")))
        .hasMessageContaining("scrape timeout greater than scrape interval");
  }

  @Test
  void jobsAreOrderedServiceMonitorsFirstThenByNamespaceAndName() {
    MonitorSet set = MonitorYaml.load("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: a, namespace: a}
        spec: {podMetricsEndpoints: [{port: x}]}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: z, namespace: b}
        spec: {endpoints: [{port: x}, {port: y}]}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: y, namespace: a}
        spec: {endpoints: [{port: x}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: ignored}
        """);
    assertThat(translator().translateAll(set.serviceMonitors(), set.podMonitors()))
        .extracting(ScrapeConfig::jobName)
        .containsExactly("serviceMonitor/a/y/0", "serviceMonitor/b/z/0", "serviceMonitor/b/z/1", "podMonitor/a/a/0");
  }

  @Test
  void defaultShardIsZeroSoTheKeepRuleKeepsEverythingWithOneShard() {
    ScrapeConfig sc = onlyJob("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: p, namespace: mon}
        spec: {podMetricsEndpoints: [{port: m}]}
        """);
    RelabelConfig last = sc.relabelConfigs().get(sc.relabelConfigs().size() - 1);
    assertThat(last).isEqualTo(keep(List.of("__tmp_hash", "__tmp_disable_sharding"), "0;|.+;.+"));
  }

  @Test
  void ignoreNamespaceSelectorsAndExtraPodTargetLabels() {
    TranslatorOptions opts = new TranslatorOptions(io.promethium.config.GlobalConfig.DEFAULT, 1, "0", false,
        true, List.of("team"));
    MonitorSet set = MonitorYaml.load("""
        apiVersion: monitoring.coreos.com/v1
        kind: PodMonitor
        metadata: {name: p, namespace: mon}
        spec:
          namespaceSelector: {any: true}
          podTargetLabels: [app]
          podMetricsEndpoints: [{port: m}]
        """);
    ScrapeConfig sc = new MonitorTranslator(opts, CLUSTER).translate(set.podMonitors().get(0)).get(0);
    assertThat(sc.kubernetesSdConfigs().get(0).namespaces().names()).containsExactly("mon");
    assertThat(sc.relabelConfigs()).extracting(RelabelConfig::targetLabel).containsSubsequence("app", "team", "job");
  }

  @Test
  void labelSelectorStringIsKubernetesFormat() {
    LabelSelector s = new LabelSelector(Map.of("b", "2", "a", "1"), List.of(
        new LabelSelectorRequirement("c", "In", List.of("y", "x")),
        new LabelSelectorRequirement("aa", "NotIn", List.of("q")),
        new LabelSelectorRequirement("d", "Exists", List.of()),
        new LabelSelectorRequirement("e", "DoesNotExist", List.of())));
    assertThat(s.toSelectorString()).isEqualTo("a=1,aa notin (q),b=2,c in (x,y),d,!e");
  }
}
