package io.promethium.promql.ast;

/** {@code selector[range]}; offset and {@code @} live on the inner selector. */
public record MatrixSelector(VectorSelector selector, long rangeMs, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
