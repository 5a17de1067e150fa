package io.promethium.promql.ast;

import java.util.List;

/** {@code op by|without (grouping) ([param,] expr)}; {@code param} is null for ops without one. */
public record AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without, PosRange pos)
    implements Expr {
  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
