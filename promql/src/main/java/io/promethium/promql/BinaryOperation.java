package io.promethium.promql;

import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.Cardinality;
import io.promethium.promql.ast.VectorMatching;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Binary operators: scalar/scalar, vector/scalar, vector/vector with matching, and set operators.
 * Matching signatures and result labels are computed once per series (or series pair), then each
 * step only looks up small int arrays.
 */
final class BinaryOperation {
  private BinaryOperation() {}

  static Object eval(Evaluator ev, BinaryExpr b) {
    Object l = ev.eval(b.lhs());
    Object r = ev.eval(b.rhs());
    BinaryOp op = b.op();
    if (l instanceof double[] ls && r instanceof double[] rs) {
      double[] out = new double[ev.steps];
      for (int i = 0; i < ev.steps; i++) {
        out[i] = op.isComparison() ? (compare(op, ls[i], rs[i]) ? 1 : 0) : arithmetic(op, ls[i], rs[i]);
      }
      return out;
    }
    if (l instanceof StepVector lv && r instanceof double[] rs) {
      return vectorScalar(ev, op, b.returnBool(), lv, rs, false);
    }
    if (l instanceof double[] ls && r instanceof StepVector rv) {
      return vectorScalar(ev, op, b.returnBool(), rv, ls, true);
    }
    StepVector lv = (StepVector) l;
    StepVector rv = (StepVector) r;
    VectorMatching m = b.matching();
    return switch (op) {
      case AND, OR, UNLESS -> setOperation(ev, op, m, lv, rv);
      default -> vectorVector(ev, op, b.returnBool(), m, lv, rv);
    };
  }

  static boolean compare(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> throw new IllegalStateException(op.symbol());
    };
  }

  static double arithmetic(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case MOD -> l % r;
      case POW -> pow(l, r);
      case ATAN2 -> Math.atan2(l, r);
      default -> throw new IllegalStateException(op.symbol());
    };
  }

  /** Go's math.Pow differs from Java's for a few special cases; match Go. */
  private static double pow(double x, double y) {
    if (x == 1 || y == 0) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }

  /** Arithmetic (but not atan2, in 2.42) and bool comparisons drop the metric name. */
  private static boolean dropsName(BinaryOp op, boolean returnBool) {
    return returnBool || (!op.isComparison() && op != BinaryOp.ATAN2);
  }

  private static StepVector vectorScalar(Evaluator ev, BinaryOp op, boolean returnBool, StepVector vec, double[] sc,
      boolean scalarOnLeft) {
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    boolean drop = dropsName(op, returnBool);
    for (StepSeries s : vec.series()) {
      StepSeries o = null;
      for (int i = 0; i < ev.steps; i++) {
        if (!s.has[i]) {
          continue;
        }
        double lv = scalarOnLeft ? sc[i] : s.vals[i];
        double rv = scalarOnLeft ? s.vals[i] : sc[i];
        double value;
        if (op.isComparison()) {
          boolean keep = compare(op, lv, rv);
          if (returnBool) {
            value = keep ? 1 : 0;
          } else if (keep) {
            value = s.vals[i]; // a comparison filter always keeps the vector's own value
          } else {
            continue;
          }
        } else {
          value = arithmetic(op, lv, rv);
        }
        if (o == null) {
          o = drop ? out.seriesDroppingName(s.labels()) : out.series(s.labels());
        }
        out.put(o, i, value);
      }
    }
    return new StepVector(out.result());
  }

  /** Signature labels used to match series: the "on" labels, or all but the "ignoring" labels and the name. */
  private static Labels signature(Labels l, VectorMatching m) {
    if (m.on()) {
      return l.keepOnly(m.matchingLabels());
    }
    Set<String> drop = new HashSet<>(m.matchingLabels());
    drop.add(Labels.METRIC_NAME);
    return l.without(drop);
  }

  private static int[] signatureIds(List<StepSeries> series, VectorMatching m, HashMap<Labels, Integer> ids,
      List<Labels> sigLabels) {
    int[] out = new int[series.size()];
    for (int i = 0; i < out.length; i++) {
      Labels sig = signature(series.get(i).labels(), m);
      Integer id = ids.get(sig);
      if (id == null) {
        id = ids.size();
        ids.put(sig, id);
        sigLabels.add(sig);
      }
      out[i] = id;
    }
    return out;
  }

  private static StepVector setOperation(Evaluator ev, BinaryOp op, VectorMatching m, StepVector lv, StepVector rv) {
    HashMap<Labels, Integer> ids = new HashMap<>();
    List<Labels> sigLabels = new ArrayList<>();
    List<StepSeries> ls = lv.series();
    List<StepSeries> rs = rv.series();
    int[] lsig = signatureIds(ls, m, ids, sigLabels);
    int[] rsig = signatureIds(rs, m, ids, sigLabels);
    int[] stamp = new int[ids.size()];
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    StepSeries[] lout = new StepSeries[ls.size()];
    StepSeries[] rout = new StepSeries[rs.size()];
    for (int i = 0; i < ev.steps; i++) {
      int mark = i + 1;
      if (op == BinaryOp.OR) {
        for (int s = 0; s < ls.size(); s++) {
          if (ls.get(s).has[i]) {
            stamp[lsig[s]] = mark;
            lout[s] = emit(out, lout[s], ls.get(s), i);
          }
        }
        for (int s = 0; s < rs.size(); s++) {
          if (rs.get(s).has[i] && stamp[rsig[s]] != mark) {
            rout[s] = emit(out, rout[s], rs.get(s), i);
          }
        }
        continue;
      }
      for (int s = 0; s < rs.size(); s++) {
        if (rs.get(s).has[i]) {
          stamp[rsig[s]] = mark;
        }
      }
      boolean wantMatch = op == BinaryOp.AND;
      for (int s = 0; s < ls.size(); s++) {
        if (ls.get(s).has[i] && (stamp[lsig[s]] == mark) == wantMatch) {
          lout[s] = emit(out, lout[s], ls.get(s), i);
        }
      }
    }
    return new StepVector(out.result());
  }

  private static StepSeries emit(SeriesCollector out, StepSeries o, StepSeries src, int i) {
    if (o == null) {
      o = out.series(src.labels());
    }
    out.put(o, i, src.vals[i]);
    return o;
  }

  private static StepVector vectorVector(Evaluator ev, BinaryOp op, boolean returnBool, VectorMatching m,
      StepVector lvec, StepVector rvec) {
    boolean swap = m.card() == Cardinality.ONE_TO_MANY;
    // After the swap, "ls" is always the "many" (or one-to-one left) side and "rs" the "one" side.
    List<StepSeries> ls = swap ? rvec.series() : lvec.series();
    List<StepSeries> rs = swap ? lvec.series() : rvec.series();
    HashMap<Labels, Integer> ids = new HashMap<>();
    List<Labels> sigLabels = new ArrayList<>();
    int[] lsig = signatureIds(ls, m, ids, sigLabels);
    int[] rsig = signatureIds(rs, m, ids, sigLabels);
    int nsig = ids.size();
    int[] rStamp = new int[nsig];
    int[] rIndex = new int[nsig];
    int[] lStamp = new int[nsig];
    boolean oneToOne = m.card() == Cardinality.ONE_TO_ONE;
    boolean drop = dropsName(op, returnBool);
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    HashMap<Long, StepSeries> pairOut = new HashMap<>();
    StepSeries[] oneOut = new StepSeries[ls.size()];
    LabelsBuilder lb = new LabelsBuilder();
    String dupMessage = oneToOne ? "vector cannot contain metrics with the same labelset"
        : "multiple matches for labels: grouping labels must ensure unique matches";
    if (uniqueMatches(lsig, rsig, nsig, oneToOne)) {
      // No step can see duplicate matches: walk series by series, which keeps each series' slots
      // hot in cache instead of touching every series at every step.
      int[] rOf = new int[nsig];
      java.util.Arrays.fill(rOf, -1);
      for (int s = 0; s < rs.size(); s++) {
        rOf[rsig[s]] = s;
      }
      for (int s = 0; s < ls.size(); s++) {
        ev.ctx.check();
        int ri = rOf[lsig[s]];
        if (ri < 0) {
          continue;
        }
        StepSeries l = ls.get(s);
        StepSeries r = rs.get(ri);
        StepSeries o = null;
        for (int i = 0; i < ev.steps; i++) {
          if (!l.has[i] || !r.has[i]) {
            continue;
          }
          double vl = swap ? r.vals[i] : l.vals[i];
          double vr = swap ? l.vals[i] : r.vals[i];
          double value;
          if (op.isComparison()) {
            boolean keep = compare(op, vl, vr);
            if (returnBool) {
              value = keep ? 1 : 0;
            } else if (keep) {
              value = vl;
            } else {
              continue;
            }
          } else {
            value = arithmetic(op, vl, vr);
          }
          if (o == null) {
            o = out.series(resultLabels(lb, l.labels(), r.labels(), m, drop, oneToOne));
          }
          out.put(o, i, value, dupMessage);
        }
      }
      return new StepVector(out.result());
    }
    for (int i = 0; i < ev.steps; i++) {
      if ((i & 63) == 0) {
        ev.ctx.check();
      }
      int mark = i + 1;
      for (int s = 0; s < rs.size(); s++) {
        StepSeries r = rs.get(s);
        if (!r.has[i]) {
          continue;
        }
        int sig = rsig[s];
        if (rStamp[sig] == mark) {
          StepSeries other = rs.get(rIndex[sig]);
          Labels matched = m.on() ? r.labels().keepOnly(m.matchingLabels()) : signature(r.labels(), m);
          throw new QueryExecutionException("found duplicate series for the match group " + LabelText.of(matched)
              + " on the " + (swap ? "left" : "right") + " hand-side of the operation: [" + LabelText.of(r.labels())
              + ", " + LabelText.of(other.labels()) + "];many-to-many matching not allowed: matching labels must be"
              + " unique on one side");
        }
        rStamp[sig] = mark;
        rIndex[sig] = s;
      }
      for (int s = 0; s < ls.size(); s++) {
        StepSeries l = ls.get(s);
        if (!l.has[i]) {
          continue;
        }
        int sig = lsig[s];
        if (rStamp[sig] != mark) {
          continue;
        }
        int ri = rIndex[sig];
        StepSeries r = rs.get(ri);
        double vl = l.vals[i];
        double vr = r.vals[i];
        if (swap) {
          double t = vl;
          vl = vr;
          vr = t;
        }
        double value;
        if (op.isComparison()) {
          boolean keep = compare(op, vl, vr);
          if (returnBool) {
            value = keep ? 1 : 0;
          } else if (keep) {
            value = vl;
          } else {
            continue;
          }
        } else {
          value = arithmetic(op, vl, vr);
        }
        StepSeries o;
        if (oneToOne) {
          if (lStamp[sig] == mark) {
            throw new QueryExecutionException(
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
          }
          lStamp[sig] = mark;
          o = oneOut[s];
          if (o == null) {
            o = out.series(resultLabels(lb, l.labels(), r.labels(), m, drop, true));
            oneOut[s] = o;
          }
        } else {
          long key = (long) s * rs.size() + ri;
          o = pairOut.get(key);
          if (o == null) {
            o = out.series(resultLabels(lb, l.labels(), r.labels(), m, drop, false));
            pairOut.put(key, o);
          }
        }
        out.put(o, i, value, dupMessage);
      }
    }
    return new StepVector(out.result());
  }

  /** Whether every match group has at most one series on the "one" side (and on both, for one-to-one). */
  private static boolean uniqueMatches(int[] lsig, int[] rsig, int nsig, boolean oneToOne) {
    int[] rc = new int[nsig];
    for (int s : rsig) {
      if (++rc[s] > 1) {
        return false;
      }
    }
    if (oneToOne) {
      int[] lc = new int[nsig];
      for (int s : lsig) {
        if (++lc[s] > 1) {
          return false;
        }
      }
    }
    return true;
  }

  /** Prometheus's resultMetric: drop the name for arithmetic, keep/drop matching labels, copy include labels. */
  private static Labels resultLabels(LabelsBuilder lb, Labels l, Labels r, VectorMatching m, boolean drop,
      boolean oneToOne) {
    lb.reset(l);
    if (drop) {
      lb.del(Labels.METRIC_NAME);
    }
    if (oneToOne) {
      Labels base = lb.build();
      return m.on() ? base.keepOnly(m.matchingLabels()) : base.without(m.matchingLabels());
    }
    for (String name : m.include()) {
      lb.set(name, r.get(name)); // "" deletes, as Prometheus does for labels absent on the "one" side
    }
    return lb.build();
  }
}
