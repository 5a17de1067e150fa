package io.promethium.promql;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.parser.ParseException;
import io.promethium.tsdb.Storage;

/**
 * The PromQL engine: parses a query and binds it to a storage and a time range. Holds its options
 * and a cache of parsed expressions; safe to share between threads.
 */
public final class Engine {
  /** Distinct query texts kept parsed: a few dashboards' worth. */
  private static final int PARSED_CACHE_SIZE = 1024;

  private final EngineOptions options;
  private final ExprCache parsed = new ExprCache(PARSED_CACHE_SIZE);

  public Engine(EngineOptions options) {
    this.options = options;
  }

  public Engine() {
    this(EngineOptions.DEFAULT);
  }

  public EngineOptions options() {
    return options;
  }

  /**
   * An instant query at {@code timeMs}.
   *
   * @throws ParseException when the expression does not parse or type-check
   */
  public Query instantQuery(Storage storage, String query, long timeMs) {
    Expr expr = parsed.parse(query);
    return new Query(options, storage, expr, timeMs, timeMs, 0, false);
  }

  /**
   * A range query over [startMs, endMs] every stepMs.
   *
   * @throws ParseException when the expression does not parse or type-check
   * @throws InvalidQueryException when the expression is not a scalar or instant vector, or the range is invalid
   */
  public Query rangeQuery(Storage storage, String query, long startMs, long endMs, long stepMs) {
    Expr expr = parsed.parse(query);
    if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw new InvalidQueryException("invalid expression type \"" + expr.type().text()
          + "\" for range query, must be Scalar or instant Vector");
    }
    if (stepMs <= 0) {
      throw new InvalidQueryException("zero or negative query resolution step widths are not accepted. "
          + "Try a positive integer");
    }
    if (endMs < startMs) {
      throw new InvalidQueryException("end timestamp must not be before start time");
    }
    return new Query(options, storage, expr, startMs, endMs, stepMs, true);
  }
}
