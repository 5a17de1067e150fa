package io.promethium.scrape.textparse;

import static io.promethium.scrape.textparse.ParserTestSupport.entries;
import static io.promethium.scrape.textparse.ParserTestSupport.errorOf;
import static io.promethium.scrape.textparse.ParserTestSupport.om;
import static io.promethium.scrape.textparse.ParserTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenMetrics 1.0 as Prometheus 2.42 parses it (textparse/CASES.md). */
class OpenMetricsParserTest {

  @Test
  void acceptsUpstreamShapes() throws Exception {
    String input = "# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n"
        + "# TYPE go_gc_duration_seconds summary\n"
        + "# UNIT go_gc_duration_seconds seconds\n"
        + "go_gc_duration_seconds{quantile=\"0\"} 4.9351e-05\n"
        + "go_gc_duration_seconds{quantile=\"0.25\"} 7.424100000000001e-05\n"
        + "# HELP nohelp1 \n"
        + "# HELP help2 escape \\ \\n \\\\ \\\" \\x chars\n"
        + "# TYPE hh histogram\n"
        + "hh_bucket{le=\"+Inf\"} 1\n"
        + "# TYPE gh gaugehistogram\n"
        + "gh_bucket{le=\"+Inf\"} 1\n"
        + "# TYPE hhh histogram\n"
        + "hhh_bucket{le=\"+Inf\"} 1 # {id=\"histogram-bucket-test\"} 4\n"
        + "hhh_count 1 # {id=\"histogram-count-test\"} 4\n".replace(" # {id=\"histogram-count-test\"} 4", "")
        + "# TYPE ii info\n"
        + "ii{foo=\"bar\"} 1\n"
        + "# TYPE ss stateset\n"
        + "ss{ss=\"foo\"} 1\n"
        + "# TYPE un unknown\n"
        + "_metric_starting_with_underscore 1\n"
        + "testmetric{_label_starting_with_underscore=\"foo\"} 1\n"
        + "testmetric{label=\"\\\"bar\\\"\"} 1\n"
        + "# TYPE foo counter\n"
        + "foo_total 17.0 1520879607.789 # {id=\"counter-test\"} 5\n"
        + "foo_created 1520872607.123\n"
        + "bar_total{a=\"b\"} 1 # {} 2 1520879607.5\n"
        + "# EOF\n";
    assertThat(entries(om(input))).containsExactly(
        "HELP go_gc_duration_seconds A summary of the GC invocation durations.",
        "TYPE go_gc_duration_seconds summary",
        "UNIT go_gc_duration_seconds seconds",
        "SERIES go_gc_duration_seconds{quantile=\"0\"} 4.9351E-5 raw=go_gc_duration_seconds{quantile=\"0\"}",
        "SERIES go_gc_duration_seconds{quantile=\"0.25\"} 7.424100000000001E-5 raw=go_gc_duration_seconds{quantile=\"0.25\"}",
        "HELP nohelp1 ",
        "HELP help2 escape \\ \n \\ \" \\x chars",
        "TYPE hh histogram",
        "SERIES hh_bucket{le=\"+Inf\"} 1.0 raw=hh_bucket{le=\"+Inf\"}",
        "TYPE gh gaugehistogram",
        "SERIES gh_bucket{le=\"+Inf\"} 1.0 raw=gh_bucket{le=\"+Inf\"}",
        "TYPE hhh histogram",
        "SERIES hhh_bucket{le=\"+Inf\"} 1.0 raw=hhh_bucket{le=\"+Inf\"} exemplar={id=\"histogram-bucket-test\"} 4.0",
        "SERIES hhh_count 1.0 raw=hhh_count",
        "TYPE ii info",
        "SERIES ii{foo=\"bar\"} 1.0 raw=ii{foo=\"bar\"}",
        "TYPE ss stateset",
        "SERIES ss{ss=\"foo\"} 1.0 raw=ss{ss=\"foo\"}",
        "TYPE un unknown",
        "SERIES _metric_starting_with_underscore 1.0 raw=_metric_starting_with_underscore",
        "SERIES testmetric{_label_starting_with_underscore=\"foo\"} 1.0 raw=testmetric{_label_starting_with_underscore=\"foo\"}",
        "SERIES testmetric{label=\"\\\"bar\\\"\"} 1.0 raw=testmetric{label=\"\\\"bar\\\"\"}",
        "TYPE foo counter",
        "SERIES foo_total 17.0 @1520879607789 raw=foo_total exemplar={id=\"counter-test\"} 5.0",
        "SERIES foo_created 1.520872607123E9 raw=foo_created",
        "SERIES bar_total{a=\"b\"} 1.0 raw=bar_total{a=\"b\"} exemplar={} 2.0 @1520879607500");
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("a", "expected value after metric, got \"EOF\""),
        Arguments.of("a 1\n", "data does not end with # EOF"),
        Arguments.of("# EOF\na 1\n", "unexpected data after # EOF"),
        Arguments.of("\n# EOF\n", "\"INVALID\" \"\\n\" is not a valid start token"),
        Arguments.of(" a 1\n# EOF\n", "\"INVALID\" \" \" is not a valid start token"),
        Arguments.of("a  1\n# EOF\n", "expected value after metric, got \"INVALID\""),
        Arguments.of("a\t1\n# EOF\n", "expected value after metric, got \"INVALID\""),
        Arguments.of("a 1 \n# EOF\n", "expected timestamp or # symbol, got \"INVALID\""),
        Arguments.of("a 1 2 \n# EOF\n", "expected next entry after timestamp, got \"INVALID\""),
        Arguments.of("#TYPE a counter\n# EOF\n", "\"INVALID\" \"T\" is not a valid start token"),
        Arguments.of("# TYPE a untyped\n# EOF\n", "invalid metric type \"untyped\""),
        Arguments.of("# UNIT metric suffix\n# EOF\n", "unit not a suffix of metric \"metric\""),
        Arguments.of("# UNIT metricsuffix suffix\n# EOF\n", "unit not a suffix of metric \"metricsuffix\""),
        Arguments.of("a{b=\"c\",} 1\n# EOF\n", "expected label name, got \"BCLOSE\""),
        Arguments.of("a{,b=\"c\"} 1\n# EOF\n", "expected label name or left brace, got \"COMMA\""),
        Arguments.of("a{b=\"c\" d=\"e\"} 1\n# EOF\n", "expected comma or left brace, got \"INVALID\""),
        Arguments.of("a{b=\"c\"d=\"e\"} 1\n# EOF\n", "expected comma, got \"LNAME\""),
        Arguments.of("a{b='c'} 1\n# EOF\n", "expected label value, got \"INVALID\""),
        Arguments.of("custom_metric 1 # {a=\"b\"} 1\n# EOF\n", "metric name custom_metric does not support exemplars"),
        Arguments.of("a_total 1 # {a=\"b\"}\n# EOF\n", "expected value after exemplar labels, got \"INVALID\""),
        Arguments.of("a_total 1 # {a=\"b\"} 1 2 3\n# EOF\n", "expected next entry after exemplar timestamp, got \"TIMESTAMP\""),
        Arguments.of("a 1 NaN\n# EOF\n", "invalid timestamp"),
        Arguments.of("a 1 +Inf\n# EOF\n", "invalid timestamp"),
        Arguments.of("a_total 1 # {a=\"b\"} 1 Inf\n# EOF\n", "invalid exemplar timestamp"),
        Arguments.of("a true\n# EOF\n", "strconv.ParseFloat: parsing \"true\": invalid syntax"),
        Arguments.of("a 0x1p-3\n# EOF\n", "unsupported character in float"),
        Arguments.of("# HELP a\n# EOF\n", "expected text in HELP, got \"INVALID\""));
  }

  @ParameterizedTest
  @MethodSource("rejected")
  void rejectsWithPrometheusWording(String input, String reason) {
    assertThat(errorOf(om(input))).isEqualTo(reason);
  }

  @Test
  void eofWithoutTrailingNewlineIsFine() throws Exception {
    assertThat(entries(om("a 1\n# EOF"))).hasSize(1);
  }

  @Test
  void timestampsAreFloatSecondsTruncatedToMillis() throws Exception {
    assertThat(entries(om("a 1 1.5\nb 2 -1.0015\nc 3 1520879607\n# EOF\n"))).containsExactly(
        "SERIES a 1.0 @1500 raw=a", "SERIES b 2.0 @-1001 raw=b", "SERIES c 3.0 @1520879607000 raw=c");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alltypes.5mfs.om.txt", "1histogram.om.txt"})
  void parsesUpstreamPagesCompletely(String file) throws Exception {
    byte[] b = resource(file);
    List<String> entries = entries(new OpenMetricsParser(b, b.length));
    long expectedSeries = 0;
    long expectedExemplars = 0;
    for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expectedSeries++;
        if (line.contains(" # {")) {
          expectedExemplars++;
        }
      }
    }
    assertThat(entries.stream().filter(s -> s.startsWith("SERIES")).count()).isEqualTo(expectedSeries);
    assertThat(entries.stream().filter(s -> s.contains(" exemplar=")).count()).isEqualTo(expectedExemplars);
  }

  @Test
  void contentTypeSelectsParser() {
    assertThat(ExpositionFormat.fromContentType("application/openmetrics-text; version=1.0.0; charset=utf-8"))
        .isEqualTo(ExpositionFormat.OPENMETRICS);
    assertThat(ExpositionFormat.fromContentType("text/plain; version=0.0.4")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.fromContentType("application/json")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.fromContentType("")).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.fromContentType(null)).isEqualTo(ExpositionFormat.TEXT);
    assertThat(ExpositionFormat.OPENMETRICS.newParser(new byte[0], 0)).isInstanceOf(OpenMetricsParser.class);
  }

  /** Series keys a full parse saw, numbered as a scrape cache would number its entries. */
  private static java.util.Map<String, Integer> keysOf(byte[] b) throws ExpositionParseException {
    java.util.Map<String, Integer> keys = new java.util.HashMap<>();
    ExpositionParser p = new OpenMetricsParser(b, b.length);
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e == Entry.SERIES) {
        keys.putIfAbsent(new String(b, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.ISO_8859_1),
            keys.size());
      }
    }
    return keys;
  }

  static Stream<Arguments> cacheBodies() {
    return Stream.of(
        Arguments.of("alltypes.5mfs.om.txt", resource("alltypes.5mfs.om.txt")),
        Arguments.of("1histogram.om.txt", resource("1histogram.om.txt")),
        Arguments.of("inline", ("# TYPE a counter\n"
            + "a_total{x=\"}\",y=\"q\\\"\\\\\"} 1 1.5 # {trace=\"t}\"} 0.5 2.25\n"
            + "a_total 2\n"
            + "a_total{} 3 # {trace=\"u\"} 1\n"
            + "b{le=\"+Inf\"} NaN 7\n"
            + "# EOF\n").getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cacheBodies")
  void cacheProbeGivesTheSameEntriesAsFullLexing(String name, byte[] body) throws Exception {
    java.util.Map<String, Integer> keys = keysOf(body);
    List<String> full = entries(new OpenMetricsParser(body, body.length));
    int[] hits = new int[1];
    ExpositionParser probed = new OpenMetricsParser(body, body.length);
    probed.setCacheProbe((buf, from, to) -> {
      Integer entry = keys.get(new String(buf, from, to - from, StandardCharsets.ISO_8859_1));
      if (entry != null) {
        hits[0]++;
      }
      return entry == null ? -1 : entry;
    });
    assertThat(entries(probed)).isEqualTo(full);
    assertThat(hits[0]).as("every series came from the cache")
        .isEqualTo((int) full.stream().filter(x -> x.startsWith("SERIES")).count()).isPositive();
  }

  @Test
  void cacheProbeHitSkipsLabelsAndMissFallsBackToLexing() throws Exception {
    byte[] b = "m_total{a=\"x}y\"} 1 5 # {id=\"e\"} 2\nm_total{a=\"z\"} 3\n# EOF\n".getBytes(StandardCharsets.UTF_8);
    List<String> seen = new java.util.ArrayList<>();
    ExpositionParser p = new OpenMetricsParser(b, b.length);
    p.setCacheProbe((buf, from, to) -> {
      String key = new String(buf, from, to - from, StandardCharsets.UTF_8);
      seen.add(key);
      return key.contains("x}y") ? 7 : -1;
    });
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.cachedEntry()).isEqualTo(7);
    assertThat(p.value()).isEqualTo(1.0);
    assertThat(p.timestamp()).isEqualTo(5000);
    assertThat(p.hasExemplar()).isTrue();
    assertThat(p.exemplarValue()).isEqualTo(2.0);
    io.promethium.tsdb.LabelsBuilder lb = new io.promethium.tsdb.LabelsBuilder();
    p.labels(lb); // lexed lazily on demand
    assertThat(lb.build()).isEqualTo(io.promethium.tsdb.Labels.of("__name__", "m_total", "a", "x}y"));
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.cachedEntry()).isEqualTo(-1);
    p.labels(lb);
    assertThat(lb.build()).isEqualTo(io.promethium.tsdb.Labels.of("__name__", "m_total", "a", "z"));
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(seen).containsExactly("m_total{a=\"x}y\"}", "m_total{a=\"z\"}");
  }
}
