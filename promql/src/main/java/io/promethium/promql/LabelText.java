package io.promethium.promql;

import io.promethium.promql.ast.GoFormat;
import io.promethium.tsdb.Labels;

/** Prometheus's labels.String() rendering ({@code {__name__="a", b="c"}}), used in error messages. */
final class LabelText {
  private LabelText() {}

  static String of(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append('=').append(GoFormat.quote(l.value(i)));
    }
    return sb.append('}').toString();
  }

  /** Go's strconv.FormatFloat(v, 'f', -1, 64), as used by count_values. */
  static String formatPlain(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
