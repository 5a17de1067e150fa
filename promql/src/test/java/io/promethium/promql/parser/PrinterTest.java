package io.promethium.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.ast.Expr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical printer (Prometheus's Expr.String(), what /api/v1/format_query returns). */
class PrinterTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      sum(rate(http_requests_total{job="a"}[5m]))by(job)  | sum by (job) (rate(http_requests_total{job="a"}[5m]))
      sum without(a)(foo)                                | sum without (a) (foo)
      sum by () (foo)                                    | sum(foo)
      topk by (x) (3, foo)                               | topk by (x) (3, foo)
      count_values('v', foo)                             | count_values("v", foo)
      foo offset -5m                                     | foo offset -5m
      foo @ 100                                          | foo @ 100.000
      foo offset 1h @ start()                            | foo @ start() offset 1h
      foo[5m] offset 1h @ end()                          | foo[5m] @ end() offset 1h
      foo[90m]                                           | foo[1h30m]
      foo[7d]                                            | foo[1w]
      foo[8d]                                            | foo[8d]
      foo[1500ms]                                        | foo[1s500ms]
      foo[365d]                                          | foo[1y]
      rate(foo[5m:])                                     | rate(foo[5m:])
      foo[5m:1m] offset 1m                               | foo[5m:1m] offset 1m
      a + on(b) group_left(c) d                          | a + on (b) group_left (c) d
      a * ignoring(b) group_right d                      | a * ignoring (b) group_right () d
      a and on() b                                       | a and on () b
      a > bool 1                                         | a > bool 1
      0x10                                               | 16
      1e6                                                | 1e+06
      123456                                             | 123456
      0.00001                                            | 1e-05
      .5                                                 | 0.5
      -1                                                 | -1
      Inf                                                | +Inf
      -inf                                               | -Inf
      NaN                                                | NaN
      'a\\'b'                                            | "a'b"
      `x\\n`                                             | "x\\\\n"
      foo{b="1",a="2"}                                   | foo{a="2",b="1"}
      {__name__="foo"}                                   | {__name__="foo"}
      {__name__=~"foo.*", job!="x"}                      | {__name__=~"foo.*",job!="x"}
      -foo                                               | -foo
      (1 + 2) * 3                                        | (1 + 2) * 3
      2 ^ 3 ^ 2                                          | 2 ^ 3 ^ 2
      foo # a comment                                    | foo
      label_replace(up, "a", "$1", "b", "(.*)")          | label_replace(up, "a", "$1", "b", "(.*)")
      SUM BY (group) (foo AND bar)                       | sum by (group) (foo and bar)
      job:rate:sum{on="x"}                               | job:rate:sum{on="x"}
      """)
  void printsCanonically(String input, String expected) {
    assertThat(QueryParser.parse(input).toString()).isEqualTo(expected);
  }

  /**
   * Prometheus 2.42's /api/v1/format_query answers (its prettier: split above 100 characters),
   * captured from the local Prometheus 2.42.0 for every Istio dashboard query and a few more shapes.
   */
  @TestFactory
  Stream<DynamicTest> prettyMatchesFormatQueryOfPrometheus() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/parser/format-query-2.42.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        rows.add(new String[] {unescape(cols[0]), unescape(cols[1])});
      }
    }
    assertThat(rows).hasSizeGreaterThan(250);
    return rows.stream().map(r -> DynamicTest.dynamicTest(r[0],
        () -> assertThat(io.promethium.promql.ast.ExprPrinter.pretty(QueryParser.parse(r[0]))).isEqualTo(r[1])));
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Printing then parsing again gives the same text for every expression of the promqltest suite. */
  @TestFactory
  Stream<DynamicTest> roundTripsEverySuiteExpression() throws IOException {
    Pattern eval = Pattern.compile("^\\s*eval(?:_(?:fail|ordered))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    List<String> exprs = new ArrayList<>();
    for (String f : new String[] {"aggregators", "at_modifier", "collision", "functions", "histograms", "literals",
        "operators", "selectors", "staleness", "subquery", "trig_functions"}) {
      try (InputStream in = getClass().getResourceAsStream("/promqltest/v2.42/" + f + ".test")) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          Matcher m = eval.matcher(line);
          if (m.matches()) {
            exprs.add(m.group(2));
          }
        }
      }
    }
    assertThat(exprs).hasSizeGreaterThan(500);
    return exprs.stream().distinct().map(q -> DynamicTest.dynamicTest(q, () -> {
      Expr first;
      try {
        first = QueryParser.parse(q);
      } catch (ParseException e) {
        return; // eval_fail cases may not parse; nothing to round-trip
      }
      String printed = first.toString();
      Expr second = QueryParser.parse(printed);
      assertThat(second.toString()).isEqualTo(printed);
      assertThat(second.type()).isEqualTo(first.type());
    }));
  }
}
