package io.promethium.promql.ast;

/** Character offsets [start, end) of a node in the query text, used for error positions. */
public record PosRange(int start, int end) {
  public static final PosRange NONE = new PosRange(0, 0);
}
