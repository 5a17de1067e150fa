package io.promethium.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.parser.ParseException;
import io.promethium.promql.parser.QueryParser;
import org.junit.jupiter.api.Test;

class ExprCacheTest {
  @Test
  void sameTextGivesTheSameParsedExpression() {
    ExprCache cache = new ExprCache(4);
    Expr a = cache.parse("sum by (job) (rate(x{a=~\"b.*\"}[1m]))");
    assertThat(cache.parse("sum by (job) (rate(x{a=~\"b.*\"}[1m]))")).isSameAs(a);
    assertThat(a).isEqualTo(QueryParser.parse("sum by (job) (rate(x{a=~\"b.*\"}[1m]))"));
    assertThat(cache.parse("sum by (job) (rate(x{a=~\"b.*\"}[5m]))")).isNotSameAs(a);
  }

  @Test
  void leastRecentlyUsedTextIsEvicted() {
    ExprCache cache = new ExprCache(2);
    Expr a = cache.parse("a");
    Expr b = cache.parse("b");
    assertThat(cache.parse("a")).isSameAs(a); // a is now the most recent
    cache.parse("c"); // evicts b
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.parse("a")).isSameAs(a);
    assertThat(cache.parse("b")).isNotSameAs(b).isEqualTo(b);
  }

  @Test
  void invalidTextThrowsEveryTimeAndIsNotCached() {
    ExprCache cache = new ExprCache(4);
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> cache.parse("sum(")).isInstanceOf(ParseException.class);
    }
    assertThat(cache.size()).isZero();
  }

  @Test
  void longTextsAreParsedButNotKept() {
    ExprCache cache = new ExprCache(4);
    String q = "x{a=\"" + "b".repeat(ExprCache.MAX_TEXT_LENGTH) + "\"}";
    assertThat(cache.parse(q)).isEqualTo(QueryParser.parse(q));
    assertThat(cache.size()).isZero();
  }
}
