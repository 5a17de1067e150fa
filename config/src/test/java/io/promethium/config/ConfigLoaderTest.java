package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  private static PrometheusConfig confGood() throws IOException {
    return ConfigLoader.loadString(Files.readString(ConfigCorpusTest.corpusDir().resolve("conf.good.yml")));
  }

  @Test
  void emptyConfigHasPrometheusDefaults() {
    for (String yaml : List.of("", "global:\n", "# nothing\n")) {
      PrometheusConfig c = ConfigLoader.loadString(yaml);
      assertThat(c.global()).isEqualTo(GlobalConfig.DEFAULT);
      assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
      assertThat(c.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
      assertThat(c.scrapeConfigs()).isEmpty();
      assertThat(c.originalYaml()).isEqualTo(yaml);
    }
  }

  @Test
  void confGoodGlobalAndPrometheusJob() throws IOException {
    PrometheusConfig c = confGood();
    assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.global().externalLabels()).containsExactly(Map.entry("foo", "bar"), Map.entry("monitor", "codelab"));
    assertThat(c.ruleFiles()).containsExactly("first.rules", "my/*.rules");

    ScrapeConfig p = c.scrapeConfig("prometheus");
    assertThat(p.honorLabels()).isTrue();
    assertThat(p.honorTimestamps()).isTrue();
    assertThat(p.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.metricsPath()).isEqualTo("/metrics");
    assertThat(p.scheme()).isEqualTo("http");
    assertThat(p.httpClientConfig().authorization())
        .isEqualTo(new Authorization("Bearer", "", "valid_token_file"));
    assertThat(p.httpClientConfig().tlsConfig().minVersion()).isEqualTo("TLS10");
    assertThat(p.httpClientConfig().followRedirects()).isTrue();
    assertThat(p.httpClientConfig().enableHttp2()).isTrue();
    assertThat(p.fileSdConfigs()).containsExactly(
        new FileSdConfig(List.of("foo/*.slow.json", "foo/*.slow.yml", "single/file.yml"), Duration.ofMinutes(10)),
        new FileSdConfig(List.of("bar/*.yaml"), Duration.ofMinutes(5)));
    assertThat(p.staticConfigs()).containsExactly(new StaticConfig(
        List.of("localhost:9090", "localhost:9191"), Map.of("my", "label", "your", "label")));
    assertThat(p.relabelConfigs()).containsExactly(
        new RelabelConfig(List.of("job", "__meta_dns_name"), ";", "(.*)some-[regex]", 0, "job", "foo-${1}", RelabelAction.REPLACE),
        new RelabelConfig(List.of("abc"), ";", "(.*)", 0, "cde", "$1", RelabelAction.REPLACE),
        new RelabelConfig(List.of(), ";", "(.*)", 0, "abc", "static", RelabelAction.REPLACE),
        // an explicit empty regex matches only the empty string, as in Prometheus
        new RelabelConfig(List.of(), ";", "", 0, "abc", "static", RelabelAction.REPLACE),
        new RelabelConfig(List.of("foo"), ";", "(.*)", 0, "abc", "$1", RelabelAction.KEEPEQUAL),
        new RelabelConfig(List.of("foo"), ";", "(.*)", 0, "abc", "$1", RelabelAction.DROPEQUAL));
  }

  @Test
  void confGoodServiceXAndKubernetesJobs() throws IOException {
    PrometheusConfig c = confGood();
    ScrapeConfig x = c.scrapeConfig("service-x");
    assertThat(x.scrapeInterval()).isEqualTo(Duration.ofSeconds(50));
    assertThat(x.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(x.bodySizeLimit()).isEqualTo(10L * 1024 * 1024);
    assertThat(x.sampleLimit()).isEqualTo(1000);
    assertThat(x.metricsPath()).isEqualTo("/my_path");
    assertThat(x.scheme()).isEqualTo("https");
    assertThat(x.httpClientConfig().basicAuth()).isEqualTo(new BasicAuth("admin_name", "multiline\nmysecret\ntest", ""));
    assertThat(x.relabelConfigs().get(1)).isEqualTo(new RelabelConfig(
        List.of("__address__"), ";", "(.*)", 8, "__tmp_hash", "$1", RelabelAction.HASHMOD));
    assertThat(x.metricRelabelConfigs()).containsExactly(new RelabelConfig(
        List.of("__name__"), ";", "expensive_metric.*", 0, "", "$1", RelabelAction.DROP));
    assertThat(x.otherSdConfigs()).containsOnlyKeys("dns_sd_configs");
    assertThat(x.otherSdConfigs().get("dns_sd_configs")).hasSize(2);

    KubernetesSdConfig k = c.scrapeConfig("service-kubernetes").kubernetesSdConfigs().get(0);
    assertThat(k.role()).isEqualTo("endpoints");
    assertThat(k.apiServer()).isEqualTo("https://localhost:1234");
    assertThat(k.namespaces()).isEqualTo(NamespaceDiscovery.ALL);
    assertThat(k.httpClientConfig().basicAuth()).isEqualTo(new BasicAuth("myusername", "mysecret", ""));
    assertThat(k.httpClientConfig().tlsConfig().certFile()).isEqualTo("valid_cert_file");
    KubernetesSdConfig k2 = c.scrapeConfig("service-kubernetes-namespaces").kubernetesSdConfigs().get(0);
    assertThat(k2.namespaces().names()).containsExactly("default");

    assertThat(c.scrapeConfig("badfederation").honorTimestamps()).isFalse();
    assertThat(c.scrapeConfig("測試")).isNotNull();
    assertThat(c.scrapeConfig("service-z").httpClientConfig().authorization().credentials()).isEqualTo("mysecret");
    assertThat(c.scrapeConfigs()).hasSize(31);
  }

  @Test
  void confGoodRemoteAndOtherSections() throws IOException {
    PrometheusConfig c = confGood();
    assertThat(c.remoteWrite()).hasSize(2);
    RemoteWriteConfig w = c.remoteWrite().get(0);
    assertThat(w.url()).isEqualTo("http://remote1/push");
    assertThat(w.name()).isEqualTo("drop_expensive");
    assertThat(w.remoteTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(w.writeRelabelConfigs()).extracting(RelabelConfig::action).containsExactly(RelabelAction.DROP);
    assertThat(w.httpClientConfig().extra()).containsKey("oauth2");
    assertThat(c.remoteWrite().get(1).headers()).containsExactly(Map.entry("name", "value"));
    RemoteReadConfig r = c.remoteRead().get(1);
    assertThat(r.url()).isEqualTo("http://remote3/read");
    assertThat(r.readRecent()).isFalse();
    assertThat(r.requiredMatchers()).containsExactly(Map.entry("job", "special"));
    assertThat(r.remoteTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.remoteRead().get(0).httpClientConfig().enableHttp2()).isFalse();
    assertThat(c.otherSections()).containsOnlyKeys("alerting", "storage", "tracing");
  }

  @ParameterizedTest(name = "global {0}/{1}, job {2}/{3} -> {4}/{5}")
  @CsvSource({
    // global interval, global timeout, job interval, job timeout, effective interval, effective timeout
    "'',  '',  '',  '',  1m, 10s",
    "15s, '',  '',  '',  15s, 10s",
    "5s,  '',  '',  '',  5s, 5s",
    "1m,  20s, 5s,  '',  5s, 5s",
    "1m,  20s, 30s, '',  30s, 20s",
    "1m,  '',  '',  3s,  1m, 3s",
    "1h,  1h,  '',  '',  1h, 1h",
    "15s, 15s, 5s,  '',  5s, 5s",
  })
  void jobInheritsGlobalIntervalAndTimeout(String gi, String gt, String ji, String jt, String wantI, String wantT) {
    StringBuilder y = new StringBuilder("global:\n");
    if (!gi.isEmpty()) {
      y.append("  scrape_interval: ").append(gi).append('\n');
    }
    if (!gt.isEmpty()) {
      y.append("  scrape_timeout: ").append(gt).append('\n');
    }
    y.append("scrape_configs:\n- job_name: j\n");
    if (!ji.isEmpty()) {
      y.append("  scrape_interval: ").append(ji).append('\n');
    }
    if (!jt.isEmpty()) {
      y.append("  scrape_timeout: ").append(jt).append('\n');
    }
    ScrapeConfig sc = ConfigLoader.loadString(y.toString()).scrapeConfigs().get(0);
    assertThat(sc.scrapeInterval()).isEqualTo(PrometheusDuration.parse(wantI));
    assertThat(sc.scrapeTimeout()).isEqualTo(PrometheusDuration.parse(wantT));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    // yaml | expected message (with line)
    "scrape_configs:\\n- job_name: a\\n  foo: 1| line 3: field foo not found in type config.ScrapeConfig",
    "global:\\n  scrape_interval: 1x| line 2: not a valid duration string: \"1x\"",
    "global:\\n  scrape_interval: 5s\\n  scrape_timeout: 6s| line 3: global scrape timeout greater than scrape interval",
    "scrape_configs:\\n- job_name: a\\n  relabel_configs:\\n  - action: explode| line 4: unknown relabel action \"explode\"",
    "scrape_configs:\\n- job_name: a\\n  relabel_configs:\\n  - source_labels: [a-b]\\n    target_label: x| line 4: \"a-b\" is not a valid label name",
    "scrape_configs:\\n- job_name: a\\n  honor_labels: maybe| line 3: cannot unmarshal !!str `maybe` into bool",
    "scrape_configs:\\n- job_name: a\\n  sample_limit: -1| line 3: cannot unmarshal !!int `-1` into uint64",
    "scrape_configs:\\n- job_name: a\\n  kubernetes_sd_configs:\\n  - api_server: https://k| line 4: role missing (one of: pod, service, endpoints, endpointslice, node, ingress)",
    "scrape_configs:\\n- job_name: a\\n  kubernetes_sd_configs:\\n  - role: pod\\n    selectors:\\n    - role: pod\\n      label: 'a in (b'| line 6: unable to parse requirement",
    "scrape_configs:\\n- job_name: a\\n  file_sd_configs:\\n  - files: [foo.txt]| line 4: path name \"foo.txt\" is not valid for file discovery",
    "scrape_configs:\\n- job_name: a\\n  authorization:\\n    type: Basic| line 4: authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
    "scrape_configs:\\n- job_name: a\\n  tls_config:\\n    min_version: TLS9| line 4: unknown TLS version: TLS9",
    "scrape_configs:\\n- job_name: a\\n  basic_auth:\\n    username: u\\n    password: p\\n    password_file: f| line 4: at most one of basic_auth password & password_file must be configured",
    "global: [1]| line 1: cannot unmarshal !!seq into config.plain",
    "global:\\n  foo: {a: [1| line 2: yaml:",
  })
  void errorsNameTheProblemAndLine(String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.loadString(yaml.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void yamlAnchorsAndMergeKeysWorkLikeGoYaml() {
    PrometheusConfig c = ConfigLoader.loadString("""
        scrape_configs:
        - &base
          job_name: a
          scrape_interval: 7s
          metrics_path: /m
        - <<: *base
          job_name: b
        """);
    ScrapeConfig b = c.scrapeConfig("b");
    assertThat(b.scrapeInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(b.metricsPath()).isEqualTo("/m");
    assertThat(c.scrapeConfig("a").metricsPath()).isEqualTo("/m");
  }

  @Test
  void legacyBearerTokenBecomesAuthorization() {
    PrometheusConfig c = ConfigLoader.loadString("""
        scrape_configs:
        - job_name: a
          bearer_token: tok
        - job_name: b
          bearer_token_file: /tok
        """);
    assertThat(c.scrapeConfig("a").httpClientConfig().authorization()).isEqualTo(new Authorization("Bearer", "tok", ""));
    assertThat(c.scrapeConfig("b").httpClientConfig().authorization()).isEqualTo(new Authorization("Bearer", "", "/tok"));
  }

  @Test
  void relabelActionIsCaseInsensitiveAndNullFieldsAreZeroValues() {
    PrometheusConfig c = ConfigLoader.loadString("""
        scrape_configs:
        - job_name: a
          relabel_configs:
          - action: LabelMap
            regex: __meta_(.+)
          - source_labels: [a]
            target_label: b
            replacement:
            separator:
        """);
    List<RelabelConfig> r = c.scrapeConfig("a").relabelConfigs();
    assertThat(r.get(0).action()).isEqualTo(RelabelAction.LABELMAP);
    assertThat(r.get(0).replacement()).isEqualTo("$1");
    assertThat(r.get(1).replacement()).isEmpty();
    assertThat(r.get(1).separator()).isEmpty();
  }

  @Test
  void kubernetesSdFieldsAreKept() {
    PrometheusConfig c = ConfigLoader.loadString("""
        scrape_configs:
        - job_name: k
          kubernetes_sd_configs:
          - role: endpoints
            namespaces:
              own_namespace: true
              names: [a, b]
            selectors:
            - role: pod
              label: "app in (x, y),!canary"
              field: "spec.nodeName=n1"
            attach_metadata:
              node: true
          - role: node
            kubeconfig_file: /kube/config
        """);
    List<KubernetesSdConfig> k = c.scrapeConfig("k").kubernetesSdConfigs();
    assertThat(k.get(0)).isEqualTo(new KubernetesSdConfig("endpoints", "", "",
        new NamespaceDiscovery(List.of("a", "b"), true),
        List.of(new KubernetesSelector("pod", "app in (x, y),!canary", "spec.nodeName=n1")),
        true, HttpClientConfig.DEFAULT));
    assertThat(k.get(1).kubeconfigFile()).isEqualTo("/kube/config");
  }

  @Test
  void staticTargetsWithSlashesAreAllowedWhenRelabelingCouldFixThem() {
    String yaml = """
        scrape_configs:
        - job_name: a
          static_configs:
          - targets: [http://host/x]
          relabel_configs:
          - source_labels: [__address__]
            target_label: __address__
        """;
    assertThat(ConfigLoader.loadString(yaml).scrapeConfig("a").staticConfigs().get(0).targets())
        .containsExactly("http://host/x");
  }

  @Test
  void loadResolvesRelativeFilesAgainstConfigDirectory(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, """
        rule_files: [rules/*.yml, /abs/r.yml]
        scrape_configs:
        - job_name: a
          file_sd_configs:
          - files: [targets/*.json]
          tls_config:
            ca_file: ca.pem
        """);
    PrometheusConfig c = ConfigLoader.load(file);
    assertThat(c.ruleFiles()).containsExactly(dir.resolve("rules/*.yml").toString(), "/abs/r.yml");
    assertThat(c.scrapeConfig("a").fileSdConfigs().get(0).files()).containsExactly(dir.resolve("targets/*.json").toString());
    assertThat(c.scrapeConfig("a").httpClientConfig().tlsConfig().caFile()).isEqualTo(dir.resolve("ca.pem").toString());
  }

  @Test
  void errorFromFileNamesFileAndLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.yml");
    Files.writeString(file, "scrape_configs:\n- job_name: a\n- job_name: a\n");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("parsing YAML file " + file + ": line 3: found multiple scrape configs with job name \"a\"")
        .extracting(e -> ((ConfigException) e).line()).isEqualTo(3);
  }

  @Test
  void targetGroupsFileParses() {
    List<StaticConfig> groups = ConfigLoader.loadTargetGroups("""
        [{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"]}]
        """);
    assertThat(groups).containsExactly(
        new StaticConfig(List.of("a:1", "b:2"), Map.of("env", "prod")),
        new StaticConfig(List.of("c:3"), Map.of()));
  }
}
