package io.promethium.promql.ast;

/** {@code lhs op [bool] [on|ignoring(...) [group_x(...)]] rhs}; {@code matching} is null unless both sides are vectors. */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, PosRange pos)
    implements Expr {
  @Override
  public ValueType type() {
    return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
