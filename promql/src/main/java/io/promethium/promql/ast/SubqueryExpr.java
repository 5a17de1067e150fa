package io.promethium.promql.ast;

/** {@code expr[range:step]}; {@code stepMs} is 0 when omitted (the engine's default step applies). */
public record SubqueryExpr(Expr expr, long rangeMs, long stepMs, long offsetMs, AtMode atMode, long atMs, PosRange pos)
    implements Expr {
  public SubqueryExpr withOffset(long off, PosRange p) {
    return new SubqueryExpr(expr, rangeMs, stepMs, off, atMode, atMs, p);
  }

  public SubqueryExpr withAt(AtMode mode, long at, PosRange p) {
    return new SubqueryExpr(expr, rangeMs, stepMs, offsetMs, mode, at, p);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
