package io.promethium.promql.ast;

import io.promethium.tsdb.Matcher;
import java.util.List;

/**
 * {@code name{matchers} @ at offset off}. {@code name} may be empty; then a {@code __name__}
 * matcher (if any) is among {@code matchers}. When a name is given, {@code matchers} contains the
 * {@code __name__="name"} matcher too, as in Prometheus. {@code offsetMs} is the written offset,
 * {@code atMs} is meaningful only with {@link AtMode#TIMESTAMP}.
 */
public record VectorSelector(String name, List<Matcher> matchers, long offsetMs, AtMode atMode, long atMs, PosRange pos)
    implements Expr {
  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  public VectorSelector withOffset(long off, PosRange p) {
    return new VectorSelector(name, matchers, off, atMode, atMs, p);
  }

  public VectorSelector withAt(AtMode mode, long at, PosRange p) {
    return new VectorSelector(name, matchers, offsetMs, mode, at, p);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return ExprPrinter.print(this);
  }
}
