package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.ConfigLoader;
import io.promethium.config.PrometheusConfig;
import io.promethium.discovery.FileDiscoverySpec;
import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.tsdb.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** prometheus.yml (through the config module's loader) → scrape jobs. */
class ScrapeJobsTest {
  private static final String YAML = """
      global:
        scrape_interval: 30s
      scrape_configs:
        - job_name: static
          scrape_timeout: 5s
          metrics_path: /stats/prometheus
          honor_labels: true
          sample_limit: 100
          body_size_limit: 1MB
          params:
            module: [http_2xx]
          basic_auth:
            username: u
            password: p
          static_configs:
            - targets: ['a:1', 'b:2']
              labels: {env: prod}
            - targets: ['c:3']
          metric_relabel_configs:
            - source_labels: [__name__]
              regex: go_.*
              action: drop
        - job_name: files
          file_sd_configs:
            - files: ['/tmp/*.json']
              refresh_interval: 1m
      """;

  @Test
  void mapsSettingsAndDiscovery() {
    PrometheusConfig cfg = ConfigLoader.loadString(YAML);
    List<ScrapeJob> jobs = ScrapeJobs.from(cfg);
    assertThat(jobs).extracting(ScrapeJob::name).containsExactly("static", "files");
    ScrapeSettings s = jobs.get(0).settings();
    assertThat(s.scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.metricsPath()).isEqualTo("/stats/prometheus");
    assertThat(s.honorLabels()).isTrue();
    assertThat(s.honorTimestamps()).isTrue();
    assertThat(s.sampleLimit()).isEqualTo(100);
    assertThat(s.bodySizeLimit()).isEqualTo(1024 * 1024);
    assertThat(s.params()).containsEntry("module", List.of("http_2xx"));
    assertThat(s.http().hasBasicAuth()).isTrue();
    assertThat(s.metricRelabelConfigs()).hasSize(1);
    StaticDiscoverySpec st = (StaticDiscoverySpec) jobs.get(0).discovery().get(0);
    assertThat(st.groups()).hasSize(2);
    assertThat(st.groups().get(0).source()).isEqualTo("0");
    assertThat(st.groups().get(0).labels()).isEqualTo(Labels.of("env", "prod"));
    assertThat(st.groups().get(1).targets()).containsExactly(Labels.of("__address__", "c:3"));
    assertThat(jobs.get(1).discovery()).containsExactly(new FileDiscoverySpec(List.of("/tmp/*.json"), Duration.ofMinutes(1)));
    // Loading the same text twice gives equal jobs: a reload keeps the pools.
    assertThat(ScrapeJobs.from(ConfigLoader.loadString(YAML))).isEqualTo(jobs);
  }
}
