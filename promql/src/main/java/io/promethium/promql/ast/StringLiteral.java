package io.promethium.promql.ast;

public record StringLiteral(String value, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
