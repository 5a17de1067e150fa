package io.promethium.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs Debian's {@code promtool check config --syntax-only} (Prometheus 2.42.0) on every corpus
 * file and on extra edge cases, and asserts that we accept exactly what it accepts. Debian builds
 * Prometheus without some service discoveries (kubernetes, consul, kuma, nomad, linode); promtool's
 * verdict on files using those says nothing about upstream, so those cases are skipped.
 * Skipped entirely when promtool is not installed.
 */
class PromtoolAgreementTest {

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Pattern MISSING_SD = Pattern.compile(
      "field (kubernetes|consul|kuma|nomad|linode)_sd_configs not found in type");

  /** Small configurations around the edges of the 2.42 schema. */
  private static final List<String> EXTRA_CASES = List.of(
      "scrape_configs:\n- job_name: a\n  scheme: ftp\n",
      "scrape_configs:\n- job_name: a\n  proxy_from_environment: true\n",
      "scrape_configs:\n- job_name: a\n  no_proxy: x\n",
      "scrape_configs:\n- job_name: a\n  proxy_connect_header: {a: [b]}\n",
      "scrape_configs:\n- job_name: a\n  proxy_url: http://p\n  proxy_connect_header: {a: [b]}\n",
      "scrape_configs:\n- job_name: a\n  oauth2: {client_id: a, client_secret: b, token_url: 'http://x'}\n",
      "scrape_configs:\n- job_name: a\n  oauth2: {client_id: a, token_url: 'http://x'}\n",
      "scrape_configs:\n- job_name: a\n  tls_config: {ca: abc}\n",
      "scrape_configs:\n- job_name: a\n  tls_config: {max_version: TLS13}\n",
      "scrape_configs:\n- job_name: a\n  tls_config: {min_version: TLS9}\n",
      "scrape_configs:\n- job_name: a\n  tls_config: {cert_file: a}\n",
      "scrape_configs:\n- job_name: a\n  tls_config: {key_file: a}\n",
      "scrape_configs:\n- job_name: a\n  basic_auth: {username_file: x}\n",
      "scrape_configs:\n- job_name: a\n  scrape_classic_histograms: true\n",
      "scrape_configs:\n- job_name: a\n  keep_dropped_targets: 1\n",
      "scrape_configs:\n- job_name: a\n  body_size_limit: 0\n",
      "scrape_configs:\n- job_name: a\n  body_size_limit: 1KiB\n",
      "scrape_configs:\n- job_name: a\n  metrics_path:\n",
      "scrape_configs:\n- job_name: a\n  follow_redirects:\n",
      "scrape_configs:\n- job_name: a\n  scrape_timeout: 0s\n",
      "scrape_configs:\n- job_name: a\n  scrape_interval: 1x\n",
      "scrape_configs:\n- job_name: a\n  sample_limit: -1\n",
      "scrape_configs:\n- job_name: a\n  honor_labels: yes\n",
      "scrape_configs:\n- job_name: a\n  honor_labels: maybe\n",
      "scrape_configs:\n- job_name: a\n  params: {a: [b, c]}\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{action: keep, regex: 'a(?!b)'}]\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{action: Keep}]\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{action: explode}]\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{source_labels: [a-b], target_label: x}]\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{target_label: '${1}x', regex: '(.+)'}]\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{action: labelmap, regex: '(.+)', replacement: 'x_$1'}]\n",
      "scrape_configs:\n- job_name: a\n  relabel_configs: [{action: hashmod, modulus: 2, target_label: '$1'}]\n",
      "scrape_configs:\n- job_name: a\n  static_configs: [{targets: ['a:1'], labels: {__x: '1'}}]\n",
      "scrape_configs:\n- job_name: a\n  static_configs: [{targets: ['a/b']}]\n",
      "scrape_configs:\n- job_name: a\n  static_configs: [{targets: ['a:1'], labels: {'0a': x}}]\n",
      "scrape_configs:\n- job_name: a\n  file_sd_configs: [{files: [x.txt]}]\n",
      "scrape_configs:\n- job_name: a\n  file_sd_configs: [{files: []}]\n",
      "scrape_configs:\n- job_name: a\n  file_sd_configs: [{files: ['d/*/x.json']}]\n",
      "scrape_configs:\n- job_name: a\n  authorization: {type: Basic}\n",
      "scrape_configs:\n- job_name: a\n  authorization: {credentials: a, credentials_file: b}\n",
      "scrape_configs:\n- job_name: a\n  bearer_token: a\n  authorization: {credentials: b}\n",
      "scrape_configs:\n- job_name: a\n  http_sd_configs: [{url: 'https://h/x'}]\n",
      "scrape_configs:\n- job_name: a\n  dns_sd_configs: [{names: [x]}]\n",
      "scrape_configs:\n- job_name: a\n  scrape_interval: 10s\n  scrape_timeout: 10s\n",
      "scrape_configs:\n- job_name: a\n  scrape_interval: 10s\n  scrape_timeout: 11s\n",
      "global:\n  query_log_file: x\n",
      "global:\n  external_labels: {__name__: x}\n",
      "global:\n  scrape_timeout: 2m\n",
      "global:\n  evaluation_interval: 0s\n",
      "rule_files: ['a/*.yml', '*.rules']\n",
      "rule_files: ['*/a.yml']\n",
      "remote_write: [{url: 'http://a', headers: {Content-Type: x}}]\n",
      "remote_write: [{url: 'http://a', queue_config: {capacity: 10}, metadata_config: {send: false}}]\n",
      "remote_write: [{url: 'http://a', name: x}, {url: 'http://b', name: x}]\n",
      "remote_read: [{url: 'http://a', required_matchers: {a: b}, filter_external_labels: false}]\n",
      "storage: {tsdb: {out_of_order_time_window: 1h}}\n",
      "tracing: {endpoint: 'x:1', client_type: http}\n",
      "tracing: {endpoint: 'x:1', client_type: udp}\n",
      "alerting: {alert_relabel_configs: [{action: drop, regex: x}]}\n",
      "alerting: {alert_relabel_configs: [{action: drop, regex: 'x('}]}\n",
      "foo: 1\n",
      "tracing:\n  foo: 1\n",
      "alerting:\n  foo: 1\n",
      "alerting:\n  alertmanagers:\n  - foo: 1\n",
      "alerting:\n  alertmanagers:\n  - api_version: v3\n",
      "alerting:\n  alertmanagers:\n  - timeout: 1x\n",
      "alerting:\n  alertmanagers:\n  - file_sd_configs: [{files: [a.json]}]\n    dns_sd_configs: [{names: [x]}]\n    scheme: https\n    basic_auth: {username: a, password: b}\n",
      "alerting:\n  alertmanagers:\n  - static_configs: [{targets: ['a:1']}]\n    path_prefix: /x\n    timeout: 5s\n    api_version: v1\n",
      "storage:\n  foo: 1\n",
      "storage:\n  tsdb: {foo: 1}\n",
      "storage:\n  tsdb: {out_of_order_time_window: 1x}\n",
      "storage:\n  exemplars: {max_exemplars: 5}\n",
      "storage:\n  exemplars: {foo: 1}\n",
      "remote_write:\n- url: http://a\n  foo: 1\n",
      "remote_write:\n- url: http://a\n  azuread: {cloud: AzurePublic}\n",
      "remote_write:\n- url: http://a\n  send_native_histograms: true\n",
      "remote_write:\n- url: http://a\n  sigv4: {region: x}\n",
      "remote_write:\n- url: http://a\n  sigv4: {foo: 1}\n",
      "remote_write:\n- url: http://a\n  sigv4: {region: x}\n  basic_auth: {username: a}\n",
      "remote_write:\n- url: http://a\n  queue_config: {foo: 1}\n",
      "remote_write:\n- url: http://a\n  queue_config: {capacity: 1, batch_send_deadline: 1x}\n",
      "remote_write:\n- url: http://a\n  metadata_config: {send: false, send_interval: 1x}\n",
      "remote_write:\n- url: http://a\n  metadata_config: {foo: 1}\n",
      "remote_write:\n- url: http://a\n  remote_timeout: 1x\n",
      "remote_read:\n- url: http://a\n  foo: 1\n",
      "global:\n  body_size_limit: 1MB\n",
      "scrape_configs:\n- job_name: a\n  enable_compression: true\n",
      "scrape_configs:\n- job_name: a\n  track_timestamps_staleness: true\n",
      "scrape_configs:\n- job_name: a\n- job_name: b\n- job_name: a\n",
      "scrape_configs:\n- job_name: a\n  job_name: b\n",
      "global: &g {scrape_interval: 5s, scrape_timeout: 1s}\nscrape_configs:\n- job_name: a\n  <<: *g\n",
      "scrape_configs:\n- &j {job_name: a, scrape_interval: 5s}\n- <<: *j\n  job_name: b\n",
      "scrape_configs:\n- job_name: a\n  <<: {nonsense: 1}\n",
      "scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: [a:1]\n    labels: {x: '1', x: '2'}\n");

  @TestFactory
  List<DynamicTest> weAcceptExactlyWhatPromtoolAccepts(@TempDir Path tmp) throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
    List<Path> files = new ArrayList<>();
    files.addAll(ConfigCorpusTest.files(".yml"));
    for (int i = 0; i < EXTRA_CASES.size(); i++) {
      Path p = tmp.resolve(String.format("edge-%02d.yml", i));
      Files.writeString(p, EXTRA_CASES.get(i));
      files.add(p);
    }
    // One promtool process checks all files (it prints one "Checking <file>" block per file).
    Map<String, PromtoolVerdict> verdicts = PromtoolVerdict.runAll(PROMTOOL, files);
    List<DynamicTest> tests = new ArrayList<>();
    for (Path p : files) {
      String name = p.getFileName().toString();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        PromtoolVerdict promtool = verdicts.get(p.toString());
        assertThat(promtool).as("promtool verdict for " + p).isNotNull();
        assumeFalse(MISSING_SD.matcher(promtool.output()).find(),
            "Debian's promtool lacks a service discovery used here");
        String ours;
        try {
          ConfigLoader.load(p);
          ours = null;
        } catch (ConfigException e) {
          ours = e.getMessage();
        }
        assertThat(ours == null)
            .as("%s: promtool says %s; we say %s\n%s", name, promtool.output().strip(),
                ours == null ? "OK" : ours, Files.readString(p))
            .isEqualTo(promtool.ok());
      }));
    }
    return tests;
  }

  /** promtool's verdict on one file. */
  record PromtoolVerdict(boolean ok, String output) {

    static Map<String, PromtoolVerdict> runAll(Path promtool, List<Path> files)
        throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(List.of(promtool.toString(), "check", "config", "--syntax-only"));
      for (Path f : files) {
        cmd.add(f.toString());
      }
      Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!proc.waitFor(120, TimeUnit.SECONDS)) {
        proc.destroyForcibly();
        throw new IllegalStateException("promtool timed out");
      }
      Map<String, PromtoolVerdict> verdicts = new HashMap<>();
      String current = null;
      StringBuilder block = new StringBuilder();
      for (String line : (out + "Checking \n").split("\n")) {
        if (line.startsWith("Checking ")) {
          if (current != null) {
            String text = block.toString();
            verdicts.put(current, new PromtoolVerdict(text.contains(" SUCCESS: "), text));
          }
          current = line.substring("Checking ".length());
          block.setLength(0);
        } else {
          block.append(line).append('\n');
        }
      }
      return verdicts;
    }
  }
}
