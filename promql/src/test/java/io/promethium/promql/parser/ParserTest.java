package io.promethium.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.promql.ast.AtMode;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.Cardinality;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.tsdb.MatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar: literals, precedence, associativity, modifiers and selectors build the right AST. */
class ParserTest {
  private static double number(String q) {
    return ((NumberLiteral) QueryParser.parse(q)).value();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      0x1F      | 31
      0XfF      | 255
      1e-3      | 0.001
      2.5E2     | 250
      .5        | 0.5
      5.        | 5
      -7        | -7
      +7        | 7
      """)
  void numbers(String q, double want) {
    assertThat(number(q)).isEqualTo(want);
  }

  @Test
  void infinityAndNanAreCaseInsensitive() {
    assertThat(number("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(number("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(number("NaN")).isNaN();
    assertThat(number("nan")).isNaN();
    // "info" is an identifier, not Inf followed by "o".
    assertThat(QueryParser.parse("info")).isInstanceOf(VectorSelector.class);
  }

  @ParameterizedTest(name = "{0} = {1}ms")
  @CsvSource(delimiter = '|', textBlock = """
      foo[1ms]              | 1
      foo[5s]               | 5000
      foo[5m]               | 300000
      foo[1h30m]            | 5400000
      foo[2d]               | 172800000
      foo[1w]               | 604800000
      foo[1y]               | 31536000000
      foo[1y2w3d4h5m6s7ms]  | 33019506007
      """)
  void durations(String q, long ms) {
    assertThat(((MatrixSelector) QueryParser.parse(q)).rangeMs()).isEqualTo(ms);
  }

  @Test
  void stringsInAllThreeQuoteStylesWithEscapes() {
    assertThat(((StringLiteral) QueryParser.parse("\"a\\nb\\t\\\"c\\\\\"")).value()).isEqualTo("a\nb\t\"c\\");
    assertThat(((StringLiteral) QueryParser.parse("'it\\'s \"x\"'")).value()).isEqualTo("it's \"x\"");
    assertThat(((StringLiteral) QueryParser.parse("`raw\\n\"`")).value()).isEqualTo("raw\\n\"");
    assertThat(((StringLiteral) QueryParser.parse("\"\\u00e9\\x41\\101\\U0001F600\"")).value()).isEqualTo("éAA😀");
  }

  @Test
  void precedenceAndAssociativity() {
    BinaryExpr add = (BinaryExpr) QueryParser.parse("1 + 2 * 3");
    assertThat(add.op()).isEqualTo(BinaryOp.ADD);
    assertThat(((BinaryExpr) add.rhs()).op()).isEqualTo(BinaryOp.MUL);

    BinaryExpr pow = (BinaryExpr) QueryParser.parse("2 ^ 3 ^ 2");
    assertThat(pow.lhs()).isInstanceOf(NumberLiteral.class);
    assertThat(((BinaryExpr) pow.rhs()).op()).isEqualTo(BinaryOp.POW); // right-associative

    BinaryExpr sub = (BinaryExpr) QueryParser.parse("1 - 2 - 3");
    assertThat(((BinaryExpr) sub.lhs()).op()).isEqualTo(BinaryOp.SUB); // left-associative

    BinaryExpr or = (BinaryExpr) QueryParser.parse("a or b and c unless d");
    assertThat(or.op()).isEqualTo(BinaryOp.OR);
    assertThat(((BinaryExpr) or.rhs()).op()).isEqualTo(BinaryOp.UNLESS);

    BinaryExpr cmp = (BinaryExpr) QueryParser.parse("a + 1 > b * 2");
    assertThat(cmp.op()).isEqualTo(BinaryOp.GTR);

    // Unary minus binds looser than ^ but tighter than *: -2 ^ 2 is -(2 ^ 2).
    UnaryExpr neg = (UnaryExpr) QueryParser.parse("-2 ^ 2");
    assertThat(((BinaryExpr) neg.expr()).op()).isEqualTo(BinaryOp.POW);
    BinaryExpr mul = (BinaryExpr) QueryParser.parse("-a * b");
    assertThat(mul.lhs()).isInstanceOf(UnaryExpr.class);

    BinaryExpr atan2 = (BinaryExpr) QueryParser.parse("a atan2 b + c");
    assertThat(atan2.op()).isEqualTo(BinaryOp.ADD);
  }

  @Test
  void vectorMatchingModifiers() {
    BinaryExpr b = (BinaryExpr) QueryParser.parse("a / on(x, y) group_left(z) b");
    assertThat(b.matching().on()).isTrue();
    assertThat(b.matching().matchingLabels()).containsExactly("x", "y");
    assertThat(b.matching().card()).isEqualTo(Cardinality.MANY_TO_ONE);
    assertThat(b.matching().include()).containsExactly("z");

    BinaryExpr r = (BinaryExpr) QueryParser.parse("a - ignoring(x) group_right b");
    assertThat(r.matching().on()).isFalse();
    assertThat(r.matching().card()).isEqualTo(Cardinality.ONE_TO_MANY);

    BinaryExpr set = (BinaryExpr) QueryParser.parse("a and b");
    assertThat(set.matching().card()).isEqualTo(Cardinality.MANY_TO_MANY);

    BinaryExpr bool = (BinaryExpr) QueryParser.parse("a == bool b");
    assertThat(bool.returnBool()).isTrue();

    assertThat(((BinaryExpr) QueryParser.parse("a + 1")).matching()).isNull();
  }

  @Test
  void aggregationsWithGroupingBeforeOrAfterAndParameters() {
    AggregateExpr before = (AggregateExpr) QueryParser.parse("sum by (a, b) (foo)");
    AggregateExpr after = (AggregateExpr) QueryParser.parse("sum(foo) by (a, b)");
    assertThat(after.grouping()).isEqualTo(before.grouping()).containsExactly("a", "b");
    AggregateExpr topk = (AggregateExpr) QueryParser.parse("topk without (x) (5, foo)");
    assertThat(topk.op()).isEqualTo(AggregateOp.TOPK);
    assertThat(topk.without()).isTrue();
    assertThat(((NumberLiteral) topk.param()).value()).isEqualTo(5);
    AggregateExpr q = (AggregateExpr) QueryParser.parse("quantile(0.9, foo)");
    assertThat(q.param()).isInstanceOf(NumberLiteral.class);
    AggregateExpr cv = (AggregateExpr) QueryParser.parse("count_values(\"v\", foo)");
    assertThat(cv.param()).isInstanceOf(StringLiteral.class);
    // Keywords are valid label names.
    AggregateExpr kw = (AggregateExpr) QueryParser.parse("sum by (on, group, by) (foo)");
    assertThat(kw.grouping()).containsExactly("on", "group", "by");
  }

  @Test
  void selectorsAndModifiers() {
    VectorSelector vs = (VectorSelector) QueryParser.parse("foo{a=\"1\", b!=\"2\", c=~\"3.*\", d!~\"4\",}");
    assertThat(vs.name()).isEqualTo("foo");
    assertThat(vs.matchers()).hasSize(5); // the four written plus __name__="foo"
    assertThat(vs.matchers().get(2).type()).isEqualTo(MatchType.REGEX);

    VectorSelector nameless = (VectorSelector) QueryParser.parse("{__name__=~\"foo.*\"}");
    assertThat(nameless.name()).isEmpty();
    assertThat(QueryParser.parse("{a=~\".+\"}")).isInstanceOf(VectorSelector.class);

    VectorSelector off = (VectorSelector) QueryParser.parse("foo offset -5m");
    assertThat(off.offsetMs()).isEqualTo(-300_000);

    VectorSelector at = (VectorSelector) QueryParser.parse("foo @ 1.5");
    assertThat(at.atMode()).isEqualTo(AtMode.TIMESTAMP);
    assertThat(at.atMs()).isEqualTo(1500);
    assertThat(((VectorSelector) QueryParser.parse("foo @ start()")).atMode()).isEqualTo(AtMode.START);
    assertThat(((VectorSelector) QueryParser.parse("foo @ end()")).atMode()).isEqualTo(AtMode.END);

    MatrixSelector ms = (MatrixSelector) QueryParser.parse("foo[5m] offset 1m @ 10");
    assertThat(ms.selector().offsetMs()).isEqualTo(60_000);
    assertThat(ms.selector().atMs()).isEqualTo(10_000);

    SubqueryExpr sq = (SubqueryExpr) QueryParser.parse("rate(foo[5m])[30m:1m] offset 2m");
    assertThat(sq.rangeMs()).isEqualTo(1_800_000);
    assertThat(sq.stepMs()).isEqualTo(60_000);
    assertThat(sq.offsetMs()).isEqualTo(120_000);
    assertThat(((SubqueryExpr) QueryParser.parse("foo[5m:]")).stepMs()).isZero();

    assertThat(((VectorSelector) QueryParser.parse("job:rate5m:sum")).name()).isEqualTo("job:rate5m:sum");
  }

  @Test
  void commentsAndNewlinesAreIgnored() {
    Expr e = QueryParser.parse("# leading comment\nsum(\n  foo # trailing\n)");
    assertThat(e.type()).isEqualTo(ValueType.VECTOR);
    assertThat(e.toString()).isEqualTo("sum(foo)");
  }

  @Test
  void errorsOnLaterLinesReportLineAndColumn() {
    try {
      QueryParser.parse("sum(\n  rate(foo)\n)");
    } catch (ParseException e) {
      assertThat(e.getMessage()).isEqualTo(
          "2:8: parse error: expected type range vector in call to function \"rate\", got instant vector");
      assertThat(e.line()).isEqualTo(2);
      assertThat(e.column()).isEqualTo(8);
      assertThat(e.detail()).startsWith("expected type range vector");
      return;
    }
    throw new AssertionError("expected a parse error");
  }
}
