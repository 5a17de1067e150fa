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
        // As in Prometheus, the matching clause is printed only when it has labels or is "on".
        appendMatching(sb, b.matching());
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

  /** Lines longer than this are split by {@link #pretty(Expr)}, as in Prometheus's prettier. */
  private static final int MAX_LINE = 100;

  /**
   * Prometheus's Prettify (what /api/v1/format_query returns in 2.42): the single-line form when it
   * fits in 100 characters, otherwise aggregations, calls, parentheses and binary operations are
   * split over indented lines.
   */
  public static String pretty(Expr e) {
    return pretty(e, 0);
  }

  private static String indent(int level) {
    return "  ".repeat(level);
  }

  private static String pretty(Expr e, int level) {
    String flat = print(e);
    boolean split = flat.length() > MAX_LINE;
    return switch (e) {
      case AggregateExpr a -> {
        if (!split) {
          yield indent(level) + flat;
        }
        StringBuilder sb = new StringBuilder(indent(level)).append(a.op().symbol());
        if (a.without()) {
          sb.append(" without (").append(String.join(", ", a.grouping())).append(") ");
        } else if (!a.grouping().isEmpty()) {
          sb.append(" by (").append(String.join(", ", a.grouping())).append(") ");
        }
        sb.append("(\n");
        if (a.param() != null) {
          sb.append(pretty(a.param(), level + 1)).append(",\n");
        }
        sb.append(pretty(a.expr(), level + 1)).append('\n').append(indent(level)).append(')');
        yield sb.toString();
      }
      case BinaryExpr b -> {
        if (!split) {
          yield indent(level) + flat;
        }
        StringBuilder sb = new StringBuilder(pretty(b.lhs(), level + 1)).append('\n').append(indent(level))
            .append(b.op().symbol());
        if (b.returnBool()) {
          sb.append(" bool");
        }
        appendMatching(sb, b.matching());
        yield sb.append('\n').append(pretty(b.rhs(), level + 1)).toString();
      }
      case Call c -> {
        if (!split) {
          yield indent(level) + flat;
        }
        StringBuilder sb = new StringBuilder(indent(level)).append(c.func().functionName()).append("(\n");
        for (int i = 0; i < c.args().size(); i++) {
          if (i > 0) {
            sb.append(",\n");
          }
          sb.append(pretty(c.args().get(i), level + 1));
        }
        yield sb.append('\n').append(indent(level)).append(')').toString();
      }
      case ParenExpr p -> split
          ? indent(level) + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent(level) + ")"
          : indent(level) + flat;
      case SubqueryExpr sq -> {
        if (!split) {
          yield indent(level) + flat;
        }
        StringBuilder sb = new StringBuilder(pretty(sq.expr(), level));
        sb.append('[').append(GoFormat.formatDuration(sq.rangeMs())).append(':');
        if (sq.stepMs() != 0) {
          sb.append(GoFormat.formatDuration(sq.stepMs()));
        }
        sb.append(']');
        appendModifiers(sb, sq.atMode(), sq.atMs(), sq.offsetMs());
        yield sb.toString();
      }
      case UnaryExpr u -> indent(level) + u.op().symbol() + pretty(u.expr(), level).strip();
      default -> indent(level) + flat;
    };
  }

  private static void appendMatching(StringBuilder sb, VectorMatching vm) {
    if (vm != null && (!vm.matchingLabels().isEmpty() || vm.on())) {
      sb.append(vm.on() ? " on (" : " ignoring (").append(String.join(", ", vm.matchingLabels())).append(')');
      if (vm.card() == Cardinality.MANY_TO_ONE || vm.card() == Cardinality.ONE_TO_MANY) {
        sb.append(vm.card() == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (")
            .append(String.join(", ", vm.include())).append(')');
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
