package io.promethium.promql.ast;

/** Binary operators with their PromQL spelling. */
public enum BinaryOp {
  ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"), ATAN2("atan2"),
  EQL("=="), NEQ("!="), GTR(">"), LSS("<"), GTE(">="), LTE("<="),
  AND("and"), OR("or"), UNLESS("unless");

  private final String symbol;

  BinaryOp(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isComparison() {
    return this == EQL || this == NEQ || this == GTR || this == LSS || this == GTE || this == LTE;
  }

  public boolean isSetOperator() {
    return this == AND || this == OR || this == UNLESS;
  }

  @Override
  public String toString() {
    return symbol;
  }
}
