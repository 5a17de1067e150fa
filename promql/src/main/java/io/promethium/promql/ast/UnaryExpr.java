package io.promethium.promql.ast;

/** Unary {@code -expr} or {@code +expr}. */
public record UnaryExpr(BinaryOp op, Expr expr, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
