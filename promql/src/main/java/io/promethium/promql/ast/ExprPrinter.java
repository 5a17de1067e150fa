package io.promethium.promql.ast;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;

/** Prometheus's canonical single-line rendering of an expression (what /api/v1/format_query returns). */
public final class ExprPrinter {
  private ExprPrinter() {}

  public static String print(Expr e) {
    StringBuilder sb = new StringBuilder();
    append(sb, e);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Expr e) {
    switch (e) {
      case NumberLiteral n -> sb.append(GoFormat.formatFloat(n.value()));
      case StringLiteral s -> sb.append(GoFormat.quote(s.value()));
      case VectorSelector vs -> {
        appendSelector(sb, vs);
        appendModifiers(sb, vs.atMode(), vs.atMs(), vs.offsetMs());
      }
      case MatrixSelector ms -> {
        appendSelector(sb, ms.selector());
        sb.append('[').append(GoFormat.formatDuration(ms.rangeMs())).append(']');
        appendModifiers(sb, ms.selector().atMode(), ms.selector().atMs(), ms.selector().offsetMs());
      }
      case SubqueryExpr sq -> {
        append(sb, sq.expr());
        sb.append('[').append(GoFormat.formatDuration(sq.rangeMs())).append(':');
        if (sq.stepMs() != 0) {
          sb.append(GoFormat.formatDuration(sq.stepMs()));
        }
        sb.append(']');
        appendModifiers(sb, sq.atMode(), sq.atMs(), sq.offsetMs());
      }
      case Call c -> {
        sb.append(c.func().functionName()).append('(');
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          append(sb, c.args().get(i));
        }
        sb.append(')');
      }
      case AggregateExpr a -> {
        sb.append(a.op().symbol());
        if (a.without()) {
          sb.append(" without (").append(String.join(", ", a.grouping())).append(") ");
        } else if (!a.grouping().isEmpty()) {
          sb.append(" by (").append(String.join(", ", a.grouping())).append(") ");
        }
        sb.append('(');
        if (a.param() != null) {
          append(sb, a.param());
          sb.append(", ");
        }
        append(sb, a.expr());
        sb.append(')');
      }
      case BinaryExpr b -> {
        append(sb, b.lhs());
        sb.append(' ').append(b.op().symbol());
        if (b.returnBool()) {
          sb.append(" bool");
        }
        VectorMatching vm = b.matching();
        // As in Prometheus, the matching clause is printed only when it has labels or is "on".
        if (vm != null && (!vm.matchingLabels().isEmpty() || vm.on())) {
          sb.append(vm.on() ? " on (" : " ignoring (").append(String.join(", ", vm.matchingLabels())).append(')');
          if (vm.card() == Cardinality.MANY_TO_ONE || vm.card() == Cardinality.ONE_TO_MANY) {
            sb.append(vm.card() == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (")
                .append(String.join(", ", vm.include())).append(')');
          }
        }
        sb.append(' ');
        append(sb, b.rhs());
      }
      case UnaryExpr u -> {
        sb.append(u.op().symbol());
        append(sb, u.expr());
      }
      case ParenExpr p -> {
        sb.append('(');
        append(sb, p.expr());
        sb.append(')');
      }
    }
  }

  private static void appendSelector(StringBuilder sb, VectorSelector vs) {
    List<String> parts = new ArrayList<>();
    for (Matcher m : vs.matchers()) {
      if (m.name().equals(Labels.METRIC_NAME) && m.type() == MatchType.EQUAL && m.value().equals(vs.name())) {
        continue;
      }
      parts.add(m.name() + m.type().symbol() + GoFormat.quote(m.value()));
    }
    sb.append(vs.name());
    if (!parts.isEmpty()) {
      parts.sort(null);
      sb.append('{').append(String.join(",", parts)).append('}');
    }
  }

  private static void appendModifiers(StringBuilder sb, AtMode at, long atMs, long offsetMs) {
    switch (at) {
      case TIMESTAMP -> sb.append(" @ ").append(String.format(java.util.Locale.ROOT, "%.3f", atMs / 1000.0));
      case START -> sb.append(" @ start()");
      case END -> sb.append(" @ end()");
      case NONE -> {
      }
    }
    if (offsetMs > 0) {
      sb.append(" offset ").append(GoFormat.formatDuration(offsetMs));
    } else if (offsetMs < 0) {
      sb.append(" offset -").append(GoFormat.formatDuration(-offsetMs));
    }
  }
}
