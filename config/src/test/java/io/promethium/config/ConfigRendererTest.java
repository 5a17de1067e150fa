package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ConfigRendererTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = ConfigRendererTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The {@code data.yaml} string of the captured JSON response, unescaped. */
  private static String capturedYaml() throws IOException {
    String body = resource("/status-config/27-status-config.txt");
    int start = body.indexOf("\"yaml\":\"") + 8;
    StringBuilder sb = new StringBuilder();
    for (int i = start; body.charAt(i) != '"'; i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        char n = body.charAt(++i);
        sb.append(switch (n) {
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> n;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  @Test
  void matchesPrometheus242StatusConfigCapture() throws IOException {
    PrometheusConfig c = ConfigLoader.loadString(resource("/status-config/_prometheus.yml"));
    String want = capturedYaml();
    // Prometheus added storage.exemplars because the capture server ran with exemplar storage
    // enabled (a flag, not the file); everything before it must match byte for byte.
    int storage = want.indexOf("storage:\n");
    assertThat(storage).isPositive();
    assertThat(ConfigRenderer.render(c)).isEqualTo(want.substring(0, storage));
  }

  @Test
  void secretsAreMaskedEverywhere() {
    PrometheusConfig c = ConfigLoader.loadString("""
        scrape_configs:
        - job_name: a
          basic_auth: {username: u, password: hunter2}
          consul_sd_configs:
          - server: localhost:8500
            token: s3cr3t
        - job_name: b
          bearer_token: tok3n
          kubernetes_sd_configs:
          - role: pod
            api_server: https://k8s
            authorization: {credentials: k8stoken}
        remote_write:
        - url: http://rw
          oauth2: {client_id: id, client_secret: oauthsecret, token_url: http://t}
        """);
    String yaml = ConfigRenderer.render(c);
    assertThat(yaml).doesNotContain("hunter2", "s3cr3t", "tok3n", "k8stoken", "oauthsecret")
        .contains("password: <secret>", "token: <secret>", "credentials: <secret>",
            "client_secret: <secret>", "username: u", "client_id: id");
    assertThat(yaml).contains("""
          authorization:
            type: Bearer
            credentials: <secret>
        """);
  }

  @Test
  void defaultsAndGoFieldOrderForKubernetesAndRelabel() {
    PrometheusConfig c = ConfigLoader.loadString("""
        scrape_configs:
        - job_name: k
          body_size_limit: 10MB
          kubernetes_sd_configs:
          - role: endpoints
            namespaces: {names: [default]}
          relabel_configs:
          - source_labels: [a, b]
            target_label: c
            regex: ''
          - {action: hashmod, source_labels: [x], target_label: h, modulus: 8}
        """);
    assertThat(ConfigRenderer.render(c)).isEqualTo("""
        global:
          scrape_interval: 1m
          scrape_timeout: 10s
          evaluation_interval: 1m
        scrape_configs:
        - job_name: k
          honor_timestamps: true
          scrape_interval: 1m
          scrape_timeout: 10s
          metrics_path: /metrics
          scheme: http
          body_size_limit: 10MiB
          follow_redirects: true
          enable_http2: true
          relabel_configs:
          - source_labels: [a, b]
            separator: ;
            regex: ""
            target_label: c
            replacement: $1
            action: replace
          - source_labels: [x]
            separator: ;
            regex: (.*)
            modulus: 8
            target_label: h
            replacement: $1
            action: hashmod
          kubernetes_sd_configs:
          - role: endpoints
            kubeconfig_file: ""
            follow_redirects: true
            enable_http2: true
            namespaces:
              own_namespace: false
              names:
              - default
        """);
  }

  /** Rendering is a fixed point: render(load(render(load(f)))) == render(load(f)). */
  @TestFactory
  List<DynamicTest> renderThenLoadIsStableForEveryGoodCorpusFile() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : ConfigCorpusTest.files(".good.yml")) {
      tests.add(DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
        String once = ConfigRenderer.render(ConfigLoader.loadString(Files.readString(p)));
        PrometheusConfig reloaded = ConfigLoader.loadString(once);
        assertThat(ConfigRenderer.render(reloaded)).isEqualTo(once);
      }));
    }
    return tests;
  }

  @Test
  void roundtripFileKeepsItsModel() throws IOException {
    // roundtrip.good.yml already holds "<secret>" placeholders, so load -> dump -> load is exact.
    PrometheusConfig c = ConfigLoader.loadString(
        Files.readString(ConfigCorpusTest.corpusDir().resolve("roundtrip.good.yml")));
    PrometheusConfig again = ConfigLoader.loadString(ConfigRenderer.render(c));
    assertThat(again.scrapeConfigs()).isEqualTo(c.scrapeConfigs());
    assertThat(again.global()).isEqualTo(c.global());
  }
}
