package io.promethium.promql.ast;

import java.util.List;

public record Call(Function func, List<Expr> args, PosRange pos) implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return func.returnType();
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
