package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.discovery.TargetGroup;
import io.promethium.scrape.relabel.Relabeler;
import io.promethium.tsdb.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Prometheus 2.42 PopulateLabels/TargetsFromGroup behaviour (relabel/CASES.md §4). */
class TargetBuilderTest {
  private static final ScrapeSettings JOB = ScrapeSettings.defaults("job").withInterval(Duration.ofSeconds(15), Duration.ofSeconds(10));

  private static Target populate(Labels discovered, ScrapeSettings s, RelabelConfig... rules) throws InvalidTargetException {
    return TargetBuilder.populate(TargetBuilder.withDefaults(discovered, s), s, Relabeler.compile(List.of(rules)));
  }

  @Test
  void fillsDefaultsOnlyWhereDiscoverySetNone() throws Exception {
    Target t = populate(Labels.of("__address__", "1.2.3.4:9100", "__scheme__", "https", "job", "custom",
        "__meta_x", "y", "custom", "v"), JOB);
    assertThat(t.labels()).isEqualTo(Labels.of(
        "__address__", "1.2.3.4:9100", "__scheme__", "https", "__metrics_path__", "/metrics",
        "__scrape_interval__", "15s", "__scrape_timeout__", "10s", "job", "custom", "custom", "v",
        "instance", "1.2.3.4:9100"));
    assertThat(t.seriesLabels()).isEqualTo(Labels.of("job", "custom", "custom", "v", "instance", "1.2.3.4:9100"));
    assertThat(t.discoveredLabels().get("__meta_x")).isEqualTo("y");
    assertThat(t.url()).isEqualTo("https://1.2.3.4:9100/metrics");
    assertThat(t.intervalMillis()).isEqualTo(15_000);
    assertThat(t.timeoutMillis()).isEqualTo(10_000);
  }

  static Stream<Arguments> ports() {
    return Stream.of(
        Arguments.of("host", "http", "host:80"),
        Arguments.of("host", "https", "host:443"),
        Arguments.of("host:", "http", "host:"),
        Arguments.of("1.2.3.4:9090", "http", "1.2.3.4:9090"),
        Arguments.of("[::1]", "http", "[::1]:80"),
        Arguments.of("[::1]:9090", "https", "[::1]:9090"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("ports")
  void addsDefaultPortLike2x(String addr, String scheme, String expected) throws Exception {
    Target t = populate(Labels.of("__address__", addr, "__scheme__", scheme), JOB);
    assertThat(t.labels().get("__address__")).isEqualTo(expected);
    assertThat(t.labels().get("instance")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|http|15s|10s|no address",
      "host|ftp|15s|10s|invalid scheme: \"ftp\"",
      "host:80/path|http|15s|10s|\"host:80/path\" is not a valid hostname",
      "host:80|http|0s|0s|scrape interval cannot be 0",
      "host:80|http|15s|0s|scrape timeout cannot be 0",
      "host:80|http|10s|15s|scrape timeout cannot be greater than scrape interval (\"15s\" > \"10s\")",
      "host:80|http|abc|10s|error parsing scrape interval: not a valid duration string: \"abc\"",
      "host:80|http|15s|1x|error parsing scrape timeout: not a valid duration string: \"1x\"",
  })
  void rejectsWithPrometheusMessages(String addr, String scheme, String interval, String timeout, String message) {
    ScrapeSettings s = new ScrapeSettings("job", Duration.ofSeconds(15), Duration.ofSeconds(10), "/metrics", scheme,
        Map.of(), false, true, 0, 0, 0, 0, 0, 0, null, List.of(), List.of());
    assertThatThrownBy(() -> populate(Labels.of("__address__", addr, "__scrape_interval__", interval,
        "__scrape_timeout__", timeout), s))
        .isInstanceOf(InvalidTargetException.class).hasMessage(message);
  }

  @Test
  void paramsBecomeLabelsAndUrlQuery() throws Exception {
    ScrapeSettings s = new ScrapeSettings("fed", Duration.ofSeconds(15), Duration.ofSeconds(10), "/federate", "http",
        Map.of("match[]", List.of("{job=\"a\"}", "up"), "x", List.of("1")), false, true, 0, 0, 0, 0, 0, 0, null,
        List.of(), List.of());
    Target t = populate(Labels.of("__address__", "h:1", "__param_x", "2"), s);
    assertThat(t.labels().get("__param_match[]")).isEqualTo("{job=\"a\"}");
    assertThat(t.labels().get("__param_x")).isEqualTo("1"); // params are set unconditionally
    assertThat(t.url()).isEqualTo("http://h:1/federate?match%5B%5D=%7Bjob%3D%22a%22%7D&match%5B%5D=up&x=1");
  }

  @Test
  void relabelingSeesDefaultsAndCanDropOrRewrite() throws Exception {
    RelabelConfig keepNode = new RelabelConfig(List.of("__meta_role"), ";", "node", 0, "", "$1", RelabelAction.KEEP);
    RelabelConfig port = new RelabelConfig(List.of("__address__"), ";", "([^:]+)(?::\\d+)?", 0, "__address__", "$1:9100",
        RelabelAction.REPLACE);
    RelabelConfig path = new RelabelConfig(List.of("job"), ";", "job", 0, "__metrics_path__", "/custom", RelabelAction.REPLACE);
    assertThat(populate(Labels.of("__address__", "a", "__meta_role", "pod"), JOB, keepNode)).isNull();
    Target t = populate(Labels.of("__address__", "a:1", "__meta_role", "node"), JOB, keepNode, port, path);
    assertThat(t.url()).isEqualTo("http://a:9100/custom");
    assertThat(t.labels().has("__meta_role")).isFalse();
  }

  @Test
  void groupsKeepDroppedTargetsAndErrors() {
    RelabelConfig drop = new RelabelConfig(List.of("env"), ";", "dev", 0, "", "$1", RelabelAction.DROP);
    ScrapeSettings s = new ScrapeSettings("job", Duration.ofSeconds(15), Duration.ofSeconds(10), "/metrics", "http",
        Map.of(), false, true, 0, 0, 0, 0, 0, 0, null, List.of(drop), List.of());
    TargetBuilder tb = new TargetBuilder(s);
    tb.add(new TargetGroup("g", List.of(
        Labels.of("__address__", "a:1"),
        Labels.of("__address__", "b:1", "env", "dev"),
        Labels.of("env", "prod")), Labels.of("env", "prod", "team", "x")));
    assertThat(tb.active()).hasSize(1);
    assertThat(tb.active().get(0).seriesLabels()).isEqualTo(Labels.of("env", "prod", "team", "x", "job", "job", "instance", "a:1"));
    assertThat(tb.dropped()).hasSize(1);
    assertThat(tb.dropped().get(0).get("__address__")).isEqualTo("b:1");
    assertThat(tb.dropped().get(0).get("job")).isEqualTo("job"); // pre-relabel labels include defaults
    assertThat(tb.errors()).containsExactly("instance 2 in group g: no address");
  }

  @Test
  void offsetIsStableAndWithinInterval() throws Exception {
    Target t = populate(Labels.of("__address__", "a:1"), JOB);
    long now = 1_700_000_003_000L;
    long o1 = t.offsetMillis(now, 0);
    assertThat(o1).isBetween(0L, 15_000L);
    // The phase is pinned to absolute time: scraping at now+o1 equals scraping at (now+5s)+o2.
    long o2 = t.offsetMillis(now + 5000, 0);
    assertThat(Math.floorMod(now + o1, 15_000)).isEqualTo(Math.floorMod(now + 5000 + o2, 15_000));
    Target other = populate(Labels.of("__address__", "b:1"), JOB);
    assertThat(other.hash()).isNotEqualTo(t.hash());
  }

  @Test
  void hostPortFollowsGo() {
    assertThat(HostPort.splits("a:1")).isTrue();
    assertThat(HostPort.splits("a")).isFalse();
    assertThat(HostPort.splits("a:b:c")).isFalse();
    assertThat(HostPort.needsPort("::1")).isFalse(); // "::1:1234" still has too many colons
    assertThat(HostPort.needsPort("[::1]")).isTrue();
  }
}
