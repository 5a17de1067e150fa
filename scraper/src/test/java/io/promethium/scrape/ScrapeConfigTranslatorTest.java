package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.ConfigLoader;
import io.promethium.discovery.FileDiscoverySpec;
import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.tsdb.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScrapeConfigTranslatorTest {
  @Test
  void aScrapeConfigBecomesAJobWithItsSettingsAndDiscovery() {
    List<ScrapeJob> jobs = ScrapeConfigTranslator.jobs(ConfigLoader.loadString("""
        global:
          scrape_interval: 30s
        scrape_configs:
          - job_name: envoy
            metrics_path: /stats/prometheus
            sample_limit: 100
            basic_auth: {username: u, password: p}
            static_configs:
              - targets: ["a:15090", "b:15090"]
                labels: {zone: z1}
              - targets: ["c:15090"]
            file_sd_configs:
              - files: ["/tmp/*.json"]
                refresh_interval: 1m
          - job_name: plain
            static_configs: [{targets: ["x:1"]}]
        """));
    assertThat(jobs).hasSize(2);
    ScrapeJob envoy = jobs.get(0);
    assertThat(envoy.name()).isEqualTo("envoy");
    assertThat(envoy.settings().scrapeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(envoy.settings().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(envoy.settings().metricsPath()).isEqualTo("/stats/prometheus");
    assertThat(envoy.settings().sampleLimit()).isEqualTo(100);
    assertThat(envoy.settings().http().basicAuthUsername()).isEqualTo("u");
    assertThat(envoy.settings().http().basicAuthPassword()).isEqualTo("p");
    StaticDiscoverySpec st = (StaticDiscoverySpec) envoy.discovery().get(0);
    assertThat(st.groups()).hasSize(2);
    assertThat(st.groups().get(0).source()).isEqualTo("0");
    assertThat(st.groups().get(0).targets()).containsExactly(Labels.of("__address__", "a:15090"),
        Labels.of("__address__", "b:15090"));
    assertThat(st.groups().get(0).labels()).isEqualTo(Labels.of("zone", "z1"));
    assertThat(st.groups().get(1).source()).isEqualTo("1");
    FileDiscoverySpec file = (FileDiscoverySpec) envoy.discovery().get(1);
    assertThat(file.files()).containsExactly("/tmp/*.json");
    assertThat(file.refreshInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(jobs.get(1).settings().http()).isEqualTo(ScrapeHttpSettings.NONE);
  }
}
