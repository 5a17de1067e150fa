package io.promethium.promql.ast;

public record ParenExpr(Expr expr, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
