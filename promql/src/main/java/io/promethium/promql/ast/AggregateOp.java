package io.promethium.promql.ast;

/** Aggregation operators; four of them take a parameter before the vector. */
public enum AggregateOp {
  SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, COUNT_VALUES, QUANTILE;

  public boolean hasParam() {
    return this == TOPK || this == BOTTOMK || this == COUNT_VALUES || this == QUANTILE;
  }

  public String symbol() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return symbol();
  }
}
