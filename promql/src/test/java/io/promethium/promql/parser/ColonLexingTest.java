package io.promethium.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.VectorSelector;
import org.antlr.v4.runtime.CharStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ':' means two things in PromQL, as in Prometheus's lexer: outside brackets it is a metric-name
 * character, also in first position ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); inside brackets it
 * separates a subquery's range from its step.
 */
class ColonLexingTest {
  @ParameterizedTest(name = "{0} selects {1}")
  @CsvSource(delimiter = '|', textBlock = """
      :foo:bar            | :foo:bar
      :x                  | :x
      :_1                 | :_1
      ::x                 | ::x
      :                   | :
      :sum                | :sum
      :x{a="b"}           | :x
      :x offset 5m        | :x
      :x @ 10             | :x
      job:rate5m:sum      | job:rate5m:sum
      foo:                | foo:
      """)
  void leadingColonStartsAMetricName(String query, String name) {
    VectorSelector vs = (VectorSelector) QueryParser.parse(query);
    assertThat(vs.name()).isEqualTo(name);
    assertThat(vs.matchers()).anySatisfy(m -> {
      assertThat(m.name()).isEqualTo("__name__");
      assertThat(m.value()).isEqualTo(name);
    });
  }

  @Test
  void leadingColonNamesWorkWhereverASelectorDoes() {
    AggregateExpr sum = (AggregateExpr) QueryParser.parse("sum(:x) by (a)");
    assertThat(((VectorSelector) sum.expr()).name()).isEqualTo(":x");

    Call rate = (Call) QueryParser.parse("rate(:x:y{a=\"b\"}[5m])");
    MatrixSelector ms = (MatrixSelector) rate.args().get(0);
    assertThat(ms.selector().name()).isEqualTo(":x:y");
    assertThat(ms.rangeMs()).isEqualTo(300_000);

    BinaryExpr b = (BinaryExpr) QueryParser.parse(":a / on(x) :b");
    assertThat(((VectorSelector) b.lhs()).name()).isEqualTo(":a");
    assertThat(((VectorSelector) b.rhs()).name()).isEqualTo(":b");

    SubqueryExpr sq = (SubqueryExpr) QueryParser.parse(":x[5m:1m]");
    assertThat(((VectorSelector) sq.expr()).name()).isEqualTo(":x");
    assertThat(sq.stepMs()).isEqualTo(60_000);

    // After a closed bracket ':' is a name character again.
    BinaryExpr afterRange = (BinaryExpr) QueryParser.parse("sum_over_time(a[5m:]) + :b");
    assertThat(((VectorSelector) afterRange.rhs()).name()).isEqualTo(":b");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      x[5m:1m]                                 | 300000 | 60000 | 0
      x[5m:]                                   | 300000 | 0     | 0
      x[5m :  1m]                              | 300000 | 60000 | 0
      rate(x[1m])[5m:30s]                      | 300000 | 30000 | 0
      x[5m:] offset 1m                         | 300000 | 0     | 60000
      min_over_time(rate(x[1m])[5m:30s])[1h:5m] | 3600000 | 300000 | 0
      x:y[5m:1m]                               | 300000 | 60000 | 0
      """)
  void insideBracketsColonStillSeparatesRangeAndStep(String query, long rangeMs, long stepMs, long offsetMs) {
    SubqueryExpr sq = (SubqueryExpr) QueryParser.parse(query);
    assertThat(sq.rangeMs()).isEqualTo(rangeMs);
    assertThat(sq.stepMs()).isEqualTo(stepMs);
    assertThat(sq.offsetMs()).isEqualTo(offsetMs);
  }

  @Test
  void printsBackUnchanged() {
    assertThat(QueryParser.parse(":foo:bar{b=\"2\",a=\"1\"}[5m:1m] offset 1m").toString())
        .isEqualTo(":foo:bar{a=\"1\",b=\"2\"}[5m:1m] offset 1m");
    assertThat(QueryParser.parse("sum by (a) (:x)").toString()).isEqualTo("sum by (a) (:x)");
  }

  @Test
  void lexerResetForgetsOpenBrackets() {
    // QueryParser retries with full LL after SLL by resetting the lexer; the bracket depth must be
    // reset with it, or ':' would lex as a colon after an unclosed '['.
    PromQLLexer lexer = new PromQLLexer(CharStreams.fromString("[:a"));
    assertThat(lexer.nextToken().getType()).isEqualTo(PromQLLexer.LEFT_BRACKET);
    assertThat(lexer.nextToken().getType()).isEqualTo(PromQLLexer.COLON);
    lexer.reset();
    lexer.setInputStream(CharStreams.fromString(":a"));
    assertThat(lexer.nextToken().getType()).isEqualTo(PromQLLexer.METRIC_IDENTIFIER);
  }
}
