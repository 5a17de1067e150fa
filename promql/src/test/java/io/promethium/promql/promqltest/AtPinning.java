package io.promethium.promql.promqltest;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AtMode;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference runner's second mode: pin every selector and subquery (not those inside a pinned
 * subquery) with {@code @ T}; the result must not depend on the evaluation time any more.
 * Returns null when the expression calls a function that is not @-safe.
 */
final class AtPinning {
  private AtPinning() {}

  static Expr pin(Expr e, long ts) {
    if (hasUnsafeCall(e)) {
      return null;
    }
    return rewrite(e, ts);
  }

  private static boolean hasUnsafeCall(Expr e) {
    return switch (e) {
      case Call c -> c.func().isAtModifierUnsafe() || c.args().stream().anyMatch(AtPinning::hasUnsafeCall);
      case AggregateExpr a -> hasUnsafeCall(a.expr()) || (a.param() != null && hasUnsafeCall(a.param()));
      case BinaryExpr b -> hasUnsafeCall(b.lhs()) || hasUnsafeCall(b.rhs());
      case UnaryExpr u -> hasUnsafeCall(u.expr());
      case ParenExpr p -> hasUnsafeCall(p.expr());
      case SubqueryExpr s -> hasUnsafeCall(s.expr());
      default -> false;
    };
  }

  private static Expr rewrite(Expr e, long ts) {
    return switch (e) {
      case NumberLiteral n -> n;
      case StringLiteral s -> s;
      case VectorSelector vs -> vs.atMode() == AtMode.NONE ? vs.withAt(AtMode.TIMESTAMP, ts, vs.pos()) : vs;
      case MatrixSelector m -> m.selector().atMode() == AtMode.NONE
          ? new MatrixSelector(m.selector().withAt(AtMode.TIMESTAMP, ts, m.selector().pos()), m.rangeMs(), m.pos())
          : m;
      // Everything inside a subquery keeps its own timing once the subquery itself is pinned.
      case SubqueryExpr s -> s.atMode() == AtMode.NONE ? s.withAt(AtMode.TIMESTAMP, ts, s.pos()) : s;
      case Call c -> {
        List<Expr> args = new ArrayList<>();
        for (Expr a : c.args()) {
          args.add(rewrite(a, ts));
        }
        yield new Call(c.func(), args, c.pos());
      }
      case AggregateExpr a -> new AggregateExpr(a.op(), rewrite(a.expr(), ts),
          a.param() == null ? null : rewrite(a.param(), ts), a.grouping(), a.without(), a.pos());
      case BinaryExpr b -> new BinaryExpr(b.op(), rewrite(b.lhs(), ts), rewrite(b.rhs(), ts), b.matching(),
          b.returnBool(), b.pos());
      case UnaryExpr u -> new UnaryExpr(u.op(), rewrite(u.expr(), ts), u.pos());
      case ParenExpr p -> new ParenExpr(rewrite(p.expr(), ts), p.pos());
    };
  }
}
