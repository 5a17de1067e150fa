package io.promethium.scrape.textparse;

import static io.promethium.scrape.textparse.ParserTestSupport.entries;
import static io.promethium.scrape.textparse.ParserTestSupport.errorOf;
import static io.promethium.scrape.textparse.ParserTestSupport.resource;
import static io.promethium.scrape.textparse.ParserTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.tsdb.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Behaviour of the classic text format as pinned by Prometheus 2.42 (textparse/CASES.md). */
class PromTextParserTest {

  @Test
  void acceptsEverythingUpstreamAccepts() throws Exception {
    String input = "# HELP go_gc_duration_seconds A summary of the GC invocation durations.\n"
        + "# \tTYPE go_gc_duration_seconds summary\n"
        + "go_gc_duration_seconds{quantile=\"0\"} 4.9351e-05\n"
        + "go_gc_duration_seconds{quantile=\"0.25\",} 7.424100000000001e-05\n"
        + "go_gc_duration_seconds{quantile=\"0.5\",a=\"b\"} 8.3835e-05\n"
        + "go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"} 8.3835e-05\n"
        + "go_gc_duration_seconds { quantile=\"1.0\", a=\"b\" } 8.3835e-05\n"
        + "# Hrandom comment starting with prefix of HELP\n"
        + "#\n"
        + "wind_speed{A=\"2\",c=\"3\"} 12345\n"
        + "# comment with escaped \\n newline\n"
        + "# comment with escaped \\ escape character\n"
        + "# HELP nohelp1\n"
        + "# HELP nohelp2 \n"
        + "go_gc_duration_seconds{ quantile=\"1.0\", a=\"b\" } 8.3835e-05\n"
        + "go_gc_duration_seconds_count 99\n"
        + "some:aggregate:rate5m{a_b=\"c\"}\t1\n"
        + "# HELP go_goroutines Number of goroutines that currently exist.\n"
        + "# TYPE go_goroutines gauge\n"
        + "go_goroutines 33  \t123123\n"
        + "_metric_starting_with_underscore 1\n"
        + "testmetric{_label_starting_with_underscore=\"foo\"} 1\n"
        + "testmetric{label=\"\\\"bar\\\"\"} 1\n"
        + "\n"
        + "# HELP metric foo\u0000bar\n"
        + "null_byte_metric{a=\"abc\u0000\"} 1";
    assertThat(entries(text(input))).containsExactly(
        "HELP go_gc_duration_seconds A summary of the GC invocation durations.",
        "TYPE go_gc_duration_seconds summary",
        "SERIES go_gc_duration_seconds{quantile=\"0\"} 4.9351E-5 raw=go_gc_duration_seconds{quantile=\"0\"}",
        "SERIES go_gc_duration_seconds{quantile=\"0.25\"} 7.424100000000001E-5 raw=go_gc_duration_seconds{quantile=\"0.25\",}",
        "SERIES go_gc_duration_seconds{a=\"b\", quantile=\"0.5\"} 8.3835E-5 raw=go_gc_duration_seconds{quantile=\"0.5\",a=\"b\"}",
        "SERIES go_gc_duration_seconds{a=\"b\", quantile=\"0.9\"} 8.3835E-5 raw=go_gc_duration_seconds{ quantile=\"0.9\", a=\"b\"}",
        "SERIES go_gc_duration_seconds{a=\"b\", quantile=\"1.0\"} 8.3835E-5 raw=go_gc_duration_seconds { quantile=\"1.0\", a=\"b\" }",
        "COMMENT # Hrandom comment starting with prefix of HELP",
        "COMMENT #",
        "SERIES wind_speed{A=\"2\", c=\"3\"} 12345.0 raw=wind_speed{A=\"2\",c=\"3\"}",
        "COMMENT # comment with escaped \\n newline",
        "COMMENT # comment with escaped \\ escape character",
        "HELP nohelp1 ",
        "HELP nohelp2 ",
        "SERIES go_gc_duration_seconds{a=\"b\", quantile=\"1.0\"} 8.3835E-5 raw=go_gc_duration_seconds{ quantile=\"1.0\", a=\"b\" }",
        "SERIES go_gc_duration_seconds_count 99.0 raw=go_gc_duration_seconds_count",
        "SERIES some:aggregate:rate5m{a_b=\"c\"} 1.0 raw=some:aggregate:rate5m{a_b=\"c\"}",
        "HELP go_goroutines Number of goroutines that currently exist.",
        "TYPE go_goroutines gauge",
        "SERIES go_goroutines 33.0 @123123 raw=go_goroutines",
        "SERIES _metric_starting_with_underscore 1.0 raw=_metric_starting_with_underscore",
        "SERIES testmetric{_label_starting_with_underscore=\"foo\"} 1.0 raw=testmetric{_label_starting_with_underscore=\"foo\"}",
        "SERIES testmetric{label=\"\\\"bar\\\"\"} 1.0 raw=testmetric{label=\"\\\"bar\\\"\"}",
        "HELP metric foo\u0000bar",
        "SERIES null_byte_metric{a=\"abc\u0000\"} 1.0 raw=null_byte_metric{a=\"abc\u0000\"}");
  }

  @Test
  void unescapesLabelValuesAndHelp() throws Exception {
    ExpositionParser p = text("# HELP m a\\\\b\\nc\\\"d\nm{a=\"x\\\\y\\nz\\\"w\\tq\"} 1\n");
    assertThat(p.next()).isEqualTo(Entry.HELP);
    assertThat(p.help()).isEqualTo("a\\b\nc\\\"d");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    LabelsBuilder lb = new LabelsBuilder();
    p.labels(lb);
    assertThat(lb.get("a")).isEqualTo("x\\y\nz\"w\\tq");
    assertThat(p.next()).isEqualTo(Entry.EOF);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "NaN|7ff8000000000001", "nan|7ff8000000000001", "+Inf|7ff0000000000000", "-Inf|fff0000000000000",
      "inf|7ff0000000000000", "+infinity|7ff0000000000000", "1e3|408f400000000000", "-0|8000000000000000",
      ".5|3fe0000000000000", "5.|4014000000000000", "1.7976931348623157e308|7fefffffffffffff",
      "0.1|3fb999999999999a", "123456789012345678901234567890|45f8ee90ff6c373e", "4.9e-324|1",
      "1E-400|0"})
  void parsesValuesLikeGo(String literal, String bitsHex) throws Exception {
    ExpositionParser p = text("m " + literal + "\n");
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(Long.toHexString(Double.doubleToRawLongBits(p.value()))).isEqualTo(bitsHex);
  }

  @Test
  void scrapedStaleBitPatternIsNormalised() throws Exception {
    // A NaN on the wire can never become the staleness marker.
    ExpositionParser p = text("m NaN\n");
    p.next();
    assertThat(io.promethium.tsdb.StaleNaN.isStale(p.value())).isFalse();
    assertThat(Double.isNaN(p.value())).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "a|expected value after metric, got \"INVALID\"",
      "a{b='c'} 1|expected label value, got \"INVALID\"",
      "a{b=|expected label value, got \"INVALID\"",
      "a true|strconv.ParseFloat: parsing \"true\": invalid syntax",
      "empty_label_name{=\"\"} 0|expected label name, got \"EQUAL\"",
      "foo 1_2|unsupported character in float",
      "foo 0x1p-3|unsupported character in float",
      "foo 0x1P-3|unsupported character in float",
      "foo 0x1|strconv.ParseFloat: parsing \"0x1\": invalid syntax",
      "foo 0 1_2|expected next entry after timestamp, got \"INVALID\"",
      "foo 0 -1|expected timestamp or new record, got \"INVALID\"",
      "foo 1e400|strconv.ParseFloat: parsing \"1e400\": value out of range",
      "foo 0 99999999999999999999|strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
      "{a=\"ok\"} 1|\"INVALID\" is not a valid start token",
      "# TYPE #|expected metric name after TYPE, got \"INVALID\"",
      "# HELP #|expected metric name after HELP, got \"INVALID\"",
      "# TYPE m histogramm|invalid metric type \"histogramm\"",
      "# TYPE m gaugehistogram|invalid metric type \"gaugehistogram\"",
      "a{b=\"c\" 1|expected label name, got \"INVALID\"",
  })
  void rejectsWithPrometheusWording(String input, String reason) {
    assertThat(errorOf(text(input + "\n"))).isEqualTo(reason);
  }

  @Test
  void rejectsBinaryGarbageLikeUpstream() {
    assertThat(errorOf(bytes("a{\u00ff=\"foo\"} 1\n"))).isEqualTo("expected label name, got \"INVALID\"");
    assertThat(errorOf(bytes("a{b=\"\u00ff\"} 1\n"))).isEqualTo("invalid UTF-8 label value");
    assertThat(errorOf(bytes("a{b=\u0000\"ssss\"} 1\n"))).isEqualTo("expected label value, got \"INVALID\"");
    assertThat(errorOf(bytes("a{b\u0000=\"hiih\"} 1\n"))).isEqualTo("expected equal, got \"INVALID\"");
    assertThat(errorOf(bytes("a\u0000{b=\"ddd\"} 1\n"))).startsWith("strconv.ParseFloat: parsing \"\\x00\"");
    assertThat(errorOf(bytes("a 0 1\u0000\n"))).isEqualTo("expected next entry after timestamp, got \"INVALID\"");
    assertThat(errorOf(bytes("# HELP m \u00ff\n"))).isEqualTo("help text is not a valid utf8 string");
  }

  @Test
  void errorCarriesLineNumber() {
    assertThatThrownBy(() -> entries(text("a 1\nb 2\n\nc{x=1} 3\n")))
        .isInstanceOf(ExpositionParseException.class)
        .hasMessage("expected label value, got \"INVALID\" (line 4)")
        .satisfies(e -> assertThat(((ExpositionParseException) e).line()).isEqualTo(4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"promtestdata.txt", "promtestdata.nometa.txt", "alltypes.237mfs.prom.txt"})
  void parsesUpstreamPagesCompletely(String file) throws Exception {
    byte[] b = resource(file);
    List<String> entries = entries(new PromTextParser(b, b.length));
    long expectedSeries = 0;
    for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expectedSeries++;
      }
    }
    assertThat(entries.stream().filter(s -> s.startsWith("SERIES")).count()).isEqualTo(expectedSeries);
    assertThat(expectedSeries).isGreaterThan(100);
  }

  @Test
  void cacheProbeSkipsLabelLexingButKeepsResults() throws Exception {
    String input = "m{a=\"x}y\",b=\"q\\\"\"} 1 5\nm {a=\"1\"} 2\nbare 3\nm{a=\"nl\nx\"} 4\n";
    java.util.List<String> seen = new java.util.ArrayList<>();
    ExpositionParser p = text(input);
    p.setCacheProbe((buf, from, to) -> {
      seen.add(new String(buf, from, to - from, StandardCharsets.UTF_8));
      return 7; // pretend everything is cached
    });
    LabelsBuilder lb = new LabelsBuilder();
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.cachedEntry()).isEqualTo(7);
    assertThat(p.value()).isEqualTo(1.0);
    assertThat(p.timestamp()).isEqualTo(5);
    p.labels(lb); // lexed lazily on demand
    assertThat(lb.build()).isEqualTo(io.promethium.tsdb.Labels.of("__name__", "m", "a", "x}y", "b", "q\""));
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.value()).isEqualTo(2.0);
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.value()).isEqualTo(3.0);
    // A raw newline inside a label value: the probe's quick scan gives up, full lexing takes over.
    assertThat(p.next()).isEqualTo(Entry.SERIES);
    assertThat(p.cachedEntry()).isEqualTo(-1);
    assertThat(p.value()).isEqualTo(4.0);
    assertThat(p.next()).isEqualTo(Entry.EOF);
    assertThat(seen).containsExactly("m{a=\"x}y\",b=\"q\\\"\"}", "m {a=\"1\"}", "bare");
  }

  @Test
  void emptyInputIsNoEntries() throws Exception {
    assertThat(entries(text(""))).isEmpty();
    assertThat(entries(text("\n\n"))).isEmpty();
  }

  private static ExpositionParser bytes(String latin1) {
    byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
    return new PromTextParser(b, b.length);
  }
}
