package io.promethium.promql;

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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the subtrees Prometheus 2.42 wraps in a StepInvariantExpr before evaluation: they depend on
 * no step's time (every selector is pinned with {@code @}, no time-dependent function), so they are
 * evaluated once at the evaluator's start and their values repeated at every step. The rules are
 * Prometheus's, including its quirks: an aggregation's invariance ignores its parameter, and a
 * subquery's inner expression is marked whether or not the subquery itself is pinned.
 */
final class StepInvariance {
  private final Set<Expr> marked = Collections.newSetFromMap(new IdentityHashMap<>());

  private StepInvariance() {}

  /** The nodes (by identity) to evaluate once; empty when nothing in {@code root} is step-invariant. */
  static Set<Expr> of(Expr root) {
    StepInvariance s = new StepInvariance();
    if (s.visit(root)) {
      s.marked.add(root);
    }
    return s.marked.isEmpty() ? Set.of() : s.marked;
  }

  private boolean visit(Expr e) {
    return switch (e) {
      case NumberLiteral n -> true;
      case StringLiteral s -> true;
      case VectorSelector vs -> vs.atMode() != AtMode.NONE;
      case MatrixSelector m -> m.selector().atMode() != AtMode.NONE;
      case ParenExpr p -> visit(p.expr());
      case UnaryExpr u -> visit(u.expr());
      case AggregateExpr a -> {
        // Prometheus looks only at the aggregated expression; the parameter is not visited at all.
        yield visit(a.expr());
      }
      case BinaryExpr b -> {
        boolean l = visit(b.lhs());
        boolean r = visit(b.rhs());
        if (l && r) {
          yield true;
        }
        mark(b.lhs(), l);
        mark(b.rhs(), r);
        yield false;
      }
      case Call c -> {
        List<Expr> args = c.args();
        boolean[] argInvariant = new boolean[args.size()];
        boolean all = !c.func().isAtModifierUnsafe();
        for (int i = 0; i < args.size(); i++) {
          argInvariant[i] = visit(args.get(i));
          all &= argInvariant[i];
        }
        if (all) {
          yield true;
        }
        for (int i = 0; i < args.size(); i++) {
          mark(args.get(i), argInvariant[i]);
        }
        yield false;
      }
      case SubqueryExpr sq -> {
        mark(sq.expr(), visit(sq.expr()));
        yield sq.atMode() != AtMode.NONE;
      }
    };
  }

  private void mark(Expr e, boolean invariant) {
    if (invariant) {
      marked.add(e);
    }
  }
}
