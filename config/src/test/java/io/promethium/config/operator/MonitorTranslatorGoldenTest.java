package io.promethium.config.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.ConfigLoader;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.RelabelConfig;
import io.promethium.config.ScrapeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The operator's golden outputs (v0.93.0) and the project's worked example: translating the input
 * monitor must give exactly the scrape config that our loader reads from the expected YAML
 * (every field, every relabel rule in order).
 */
class MonitorTranslatorGoldenTest {

  static final List<String> GOLDEN = List.of(
      "MatchExpressionsServiceMonitor", "GenerateRelabelConfig", "EmptyEndpointPorts",
      "PodMonitorPhaseFilter", "PodTargetLabelsFromPodMonitor",
      "ServiceMonitorObjectWithMatchLabelSelector", "ServiceMonitorObjectWithMatchExpressionSelector",
      "ServiceMonitorObjectWithEndpointSliceSelectorAndMatchLabelSelector",
      "PodMonitorObjectWithMatchLabelSelector", "PodMonitorObjectWithMatchExpressionSelector");
  /** Goldens that show only the kubernetes_sd_configs part of a job. */
  static final List<String> SD_ONLY = List.of(
      "Any_returns_an_empty_list_instead_of_the_current_namespace", "NamespaceSetCorrectlyForPodMonitor");

  static String resource(String name) throws IOException {
    try (InputStream in = MonitorTranslatorGoldenTest.class.getResourceAsStream("/prometheus-operator/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A golden file as our (2.42-strict) loader reads it. The operator wrote these for a newer
   * Prometheus and adds {@code storage.tsdb.retention}, a field 2.42 does not have (promtool
   * 2.42 rejects it too); the storage section plays no part in translation, so it is cut off.
   */
  static PrometheusConfig golden(String name) throws IOException {
    String yaml = resource("golden/" + name + ".golden");
    int storage = yaml.indexOf("\nstorage:\n");
    return ConfigLoader.loadString(storage < 0 ? yaml : yaml.substring(0, storage + 1));
  }

  private static List<ScrapeConfig> translate(MonitorSet monitors, PrometheusConfig expected) {
    // The operator leaves "$(SHARD)" for its config-reloader to fill in; keep it to compare.
    TranslatorOptions opts = TranslatorOptions.DEFAULT.withGlobal(expected.global()).withShard("$(SHARD)");
    return new MonitorTranslator(opts, SecretResolver.NONE)
        .translateAll(monitors.serviceMonitors(), monitors.podMonitors());
  }

  /** Field-by-field comparison with readable failures (relabel rules one by one). */
  static void assertSameJob(ScrapeConfig got, ScrapeConfig want) {
    List<RelabelConfig> g = got.relabelConfigs();
    List<RelabelConfig> w = want.relabelConfigs();
    for (int i = 0; i < Math.min(g.size(), w.size()); i++) {
      assertThat(g.get(i)).as("%s relabel_configs[%d]", want.jobName(), i).isEqualTo(w.get(i));
    }
    assertThat(g).as("%s relabel_configs", want.jobName()).hasSameSizeAs(w);
    assertThat(got.metricRelabelConfigs()).as("metric_relabel_configs").isEqualTo(want.metricRelabelConfigs());
    assertThat(got.kubernetesSdConfigs()).as("kubernetes_sd_configs").isEqualTo(want.kubernetesSdConfigs());
    assertThat(got).isEqualTo(want);
  }

  @TestFactory
  List<DynamicTest> operatorGoldenFiles() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String name : GOLDEN) {
      tests.add(DynamicTest.dynamicTest(name, () -> {
        PrometheusConfig expected = golden(name);
        List<ScrapeConfig> got = translate(MonitorYaml.load(resource("inputs/" + name + ".yaml")), expected);
        assertThat(got).hasSameSizeAs(expected.scrapeConfigs());
        for (int i = 0; i < got.size(); i++) {
          assertSameJob(got.get(i), expected.scrapeConfigs().get(i));
        }
      }));
    }
    for (String name : SD_ONLY) {
      tests.add(DynamicTest.dynamicTest(name, () -> {
        PrometheusConfig expected = golden(name);
        List<ScrapeConfig> got = translate(MonitorYaml.load(resource("inputs/" + name + ".yaml")), expected);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).kubernetesSdConfigs())
            .isEqualTo(expected.scrapeConfigs().get(0).kubernetesSdConfigs());
      }));
    }
    return tests;
  }

  /** TRANSLATION.md §8: the project's ServiceMonitor and PodMonitor. */
  @Test
  void workedExampleProducesTheDocumentedJobs() throws IOException {
    PrometheusConfig expected = ConfigLoader.loadString(resource("worked-example/generated-scrape-config.yaml"));
    String monitors = resource("worked-example/prometheus-operator-monitors.istio-1.16.0.yaml")
        .replace("namespace: istio-system", "namespace: prometheus");
    List<ScrapeConfig> got = translate(MonitorYaml.load(monitors), expected);
    assertThat(got).extracting(ScrapeConfig::jobName).containsExactly(
        "serviceMonitor/prometheus/istio-component-monitor/0", "podMonitor/prometheus/envoy-stats-monitor/0");
    assertThat(expected.scrapeConfigs()).hasSize(2);
    assertSameJob(got.get(0), expected.scrapeConfigs().get(0));
    assertSameJob(got.get(1), expected.scrapeConfigs().get(1));
    // A few facts from the document, spelled out.
    assertThat(got.get(0).kubernetesSdConfigs().get(0).role()).isEqualTo("endpoints");
    assertThat(got.get(0).kubernetesSdConfigs().get(0).namespaces().names()).isEmpty();
    assertThat(got.get(1).metricsPath()).isEqualTo("/stats/prometheus");
    assertThat(got.get(1).scrapeInterval()).hasSeconds(15);
    assertThat(got.get(1).relabelConfigs()).hasSize(17);
  }
}
