package io.promethium.promql.ast;

/** A PromQL expression node. {@link #toString()} gives Prometheus's canonical rendering. */
public sealed interface Expr
    permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, SubqueryExpr, Call, AggregateExpr,
        BinaryExpr, UnaryExpr, ParenExpr {
  ValueType type();

  PosRange pos();
}
