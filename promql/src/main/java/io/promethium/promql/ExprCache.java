package io.promethium.promql;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.parser.QueryParser;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed expressions by query text, least recently used evicted. Dashboards and rules send the same
 * texts over and over, and parsing (ANTLR lexing with predicates, AST building, regex compilation of
 * matchers) costs more than evaluating a small query. Expressions are immutable records, so one
 * instance can serve concurrent queries. Texts that fail to parse are not cached: they throw again.
 */
final class ExprCache {
  /** Longer texts are parsed every time: they are rare and would pin large ASTs. */
  static final int MAX_TEXT_LENGTH = 4096;

  private final LinkedHashMap<String, Expr> byText;

  ExprCache(int capacity) {
    this.byText = new LinkedHashMap<>(Math.max(16, capacity * 4 / 3 + 1), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Expr> eldest) {
        return size() > capacity;
      }
    };
  }

  Expr parse(String query) {
    if (query.length() > MAX_TEXT_LENGTH) {
      return QueryParser.parse(query);
    }
    synchronized (byText) {
      Expr e = byText.get(query);
      if (e != null) {
        return e;
      }
    }
    Expr e = QueryParser.parse(query); // outside the lock: parsing may take milliseconds
    synchronized (byText) {
      byText.put(query, e);
    }
    return e;
  }

  int size() {
    synchronized (byText) {
      return byText.size();
    }
  }
}
