package io.promethium.promql;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Aggregation operators. Each input series' group is computed once; per step the values are folded
 * into primitive per-group accumulators.
 */
final class Aggregation {
  private Aggregation() {}

  static StepVector eval(Evaluator ev, AggregateExpr a) {
    Object param = a.param() == null ? null : ev.eval(a.param());
    StepVector in = ev.vector(a.expr());
    if (a.op() == AggregateOp.COUNT_VALUES) {
      return countValues(ev, a, (String) param, in);
    }
    List<StepSeries> series = in.series();
    int ns = series.size();
    Set<String> grouping = new HashSet<>(a.grouping());
    HashMap<Labels, Integer> ids = new HashMap<>();
    List<Labels> groupLabels = new ArrayList<>();
    int[] gid = new int[ns];
    boolean byName = !a.without() && grouping.contains(Labels.METRIC_NAME);
    String[] byNames = a.without() ? null : sortedNames(grouping);
    Set<String> dropped = null;
    if (a.without()) {
      dropped = new HashSet<>(grouping);
      dropped.add(Labels.METRIC_NAME);
    }
    for (int s = 0; s < ns; s++) {
      // Group keys never keep __name__ unless grouping by it: name-dropped inputs need not be built.
      StepSeries ss = series.get(s);
      Labels l = byName ? ss.labels() : ss.labelsIgnoringName();
      Labels key = byNames != null ? keepOnly(l, byNames) : l.without(dropped);
      Integer id = ids.get(key);
      if (id == null) {
        id = groupLabels.size();
        ids.put(key, id);
        groupLabels.add(key);
      }
      gid[s] = id;
    }
    int ng = groupLabels.size();
    double[] p = param instanceof double[] d ? d : null;
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    switch (a.op()) {
      case TOPK, BOTTOMK, QUANTILE -> perGroupLists(ev, a.op(), p, series, gid, ng, groupLabels, out);
      default -> fold(ev, a.op(), series, gid, ng, groupLabels, out);
    }
    return new StepVector(out.result());
  }

  private static String[] sortedNames(Set<String> names) {
    String[] out = names.toArray(new String[0]);
    java.util.Arrays.sort(out);
    return out;
  }

  /**
   * {@link Labels#keepOnly} for a few sorted names: a binary search per grouping label instead of a
   * set lookup per series label (Istio series carry 30 labels, dashboards group by one or two).
   */
  private static Labels keepOnly(Labels l, String[] names) {
    if (names.length == 0) {
      return Labels.EMPTY;
    }
    String[] nv = new String[names.length * 2];
    int k = 0;
    for (String name : names) {
      String v = l.get(name);
      if (!v.isEmpty()) {
        nv[k++] = name;
        nv[k++] = v;
      }
    }
    return k == 0 ? Labels.EMPTY : Labels.wrapSorted(k == nv.length ? nv : java.util.Arrays.copyOf(nv, k));
  }

  private static Labels groupKey(Labels l, Set<String> grouping, boolean without) {
    if (without) {
      Set<String> drop = new HashSet<>(grouping);
      drop.add(Labels.METRIC_NAME);
      return l.without(drop);
    }
    return grouping.isEmpty() ? Labels.EMPTY : l.keepOnly(grouping);
  }

  /** Above this many group x step cells the per-step loop is used, to bound accumulator memory. */
  private static final long SERIES_MAJOR_CELLS = 1L << 20;

  private static void fold(Evaluator ev, AggregateOp op, List<StepSeries> series, int[] gid, int ng,
      List<Labels> groupLabels, SeriesCollector out) {
    if ((long) ng * ev.steps <= SERIES_MAJOR_CELLS) {
      foldSeriesMajor(ev, op, series, gid, ng, groupLabels, out);
      return;
    }
    foldStepMajor(ev, op, series, gid, ng, groupLabels, out);
  }

  /**
   * Walks each input series once over all steps, with one accumulator cell per (group, step). Every
   * cell still sees its samples in input-series order, so results equal the per-step fold's bit for bit.
   */
  private static void foldSeriesMajor(Evaluator ev, AggregateOp op, List<StepSeries> series, int[] gid, int ng,
      List<Labels> groupLabels, SeriesCollector out) {
    int steps = ev.steps;
    int cells = ng * steps;
    double[] value = new double[cells];
    double[] mean = new double[cells];
    double[] count = new double[cells];
    for (int s = 0; s < series.size(); s++) {
      if ((s & 255) == 0) {
        ev.ctx.check();
      }
      StepSeries ss = series.get(s);
      int base = gid[s] * steps;
      for (int i = 0; i < steps; i++) {
        if (!ss.has[i]) {
          continue;
        }
        double v = ss.vals[i];
        int c = base + i;
        if (count[c] == 0) {
          count[c] = 1;
          mean[c] = v;
          value[c] = switch (op) {
            case GROUP -> 1;
            case STDDEV, STDVAR -> 0;
            default -> v;
          };
          continue;
        }
        accumulate(op, value, mean, count, c, v);
      }
    }
    for (int g = 0; g < ng; g++) {
      StepSeries o = null;
      for (int i = 0; i < steps; i++) {
        int c = g * steps + i;
        if (count[c] == 0) {
          continue;
        }
        if (o == null) {
          o = out.series(groupLabels.get(g));
        }
        out.put(o, i, finish(op, value, mean, count, c));
      }
    }
  }

  private static void accumulate(AggregateOp op, double[] value, double[] mean, double[] count, int g, double v) {
    switch (op) {
      case SUM -> value[g] += v;
      case AVG -> {
        count[g]++;
        double m = mean[g];
        if (Double.isInfinite(m)) {
          if (Double.isInfinite(v) && (m > 0) == (v > 0)) {
            return; // same-signed infinities: the mean already is right and subtracting would give NaN
          }
          if (!Double.isInfinite(v) && !Double.isNaN(v)) {
            return;
          }
        }
        mean[g] = m + (v / count[g] - m / count[g]);
      }
      case COUNT -> count[g]++;
      case MIN -> {
        if (value[g] > v || Double.isNaN(value[g])) {
          value[g] = v;
        }
      }
      case MAX -> {
        if (value[g] < v || Double.isNaN(value[g])) {
          value[g] = v;
        }
      }
      case STDDEV, STDVAR -> {
        count[g]++;
        double delta = v - mean[g];
        mean[g] += delta / count[g];
        value[g] += delta * (v - mean[g]);
      }
      case GROUP -> {
      }
      default -> throw new IllegalStateException(op.toString());
    }
  }

  private static double finish(AggregateOp op, double[] value, double[] mean, double[] count, int g) {
    return switch (op) {
      case AVG -> mean[g];
      case COUNT -> count[g];
      case STDDEV -> Math.sqrt(value[g] / count[g]);
      case STDVAR -> value[g] / count[g];
      default -> value[g];
    };
  }

  private static void foldStepMajor(Evaluator ev, AggregateOp op, List<StepSeries> series, int[] gid, int ng,
      List<Labels> groupLabels, SeriesCollector out) {
    double[] value = new double[ng];
    double[] mean = new double[ng];
    double[] count = new double[ng];
    int[] stamp = new int[ng];
    int[] touched = new int[ng];
    StepSeries[] outSeries = new StepSeries[ng];
    int ns = series.size();
    for (int i = 0; i < ev.steps; i++) {
      if ((i & 63) == 0) {
        ev.ctx.check();
      }
      int nt = 0;
      for (int s = 0; s < ns; s++) {
        StepSeries ss = series.get(s);
        if (!ss.has[i]) {
          continue;
        }
        double v = ss.vals[i];
        int g = gid[s];
        if (stamp[g] != i + 1) {
          stamp[g] = i + 1;
          touched[nt++] = g;
          count[g] = 1;
          mean[g] = v;
          value[g] = switch (op) {
            case GROUP -> 1;
            case STDDEV, STDVAR -> 0;
            default -> v;
          };
          continue;
        }
        accumulate(op, value, mean, count, g, v);
      }
      for (int k = 0; k < nt; k++) {
        int g = touched[k];
        double r = finish(op, value, mean, count, g);
        if (outSeries[g] == null) {
          outSeries[g] = out.series(groupLabels.get(g));
        }
        out.put(outSeries[g], i, r);
      }
    }
  }

  private static void perGroupLists(Evaluator ev, AggregateOp op, double[] param, List<StepSeries> series, int[] gid,
      int ng, List<Labels> groupLabels, SeriesCollector out) {
    int ns = series.size();
    int[] sizes = new int[ng + 1];
    int[] members = new int[ns];
    int[] start = new int[ng + 1];
    double[] vals = new double[ns];
    StepSeries[] outSeries = new StepSeries[Math.max(ns, ng)];
    int[] idx = new int[ns];
    for (int i = 0; i < ev.steps; i++) {
      if ((i & 63) == 0) {
        ev.ctx.check();
      }
      java.util.Arrays.fill(sizes, 0);
      for (int s = 0; s < ns; s++) {
        if (series.get(s).has[i]) {
          sizes[gid[s]]++;
        }
      }
      // Groups come out in order of first appearance, as in Prometheus.
      int pos = 0;
      for (int g = 0; g < ng; g++) {
        start[g] = pos;
        pos += sizes[g];
        sizes[g] = 0;
      }
      for (int s = 0; s < ns; s++) {
        if (series.get(s).has[i]) {
          int g = gid[s];
          members[start[g] + sizes[g]++] = s;
        }
      }
      double pv = param[i];
      int step = i;
      // Prometheus converts k to an int64 at every step and fails when it cannot (NaN, +-Inf, huge).
      if (op != AggregateOp.QUANTILE && !(pv >= -0x1p63 && pv <= 0x1p63)) {
        throw new QueryExecutionException("Scalar value " + io.promethium.promql.ast.GoFormat.formatFloat(pv)
            + " overflows int64");
      }
      for (int g = 0; g < ng; g++) {
        int n = sizes[g];
        if (n == 0) {
          continue;
        }
        int from = start[g];
        if (op == AggregateOp.QUANTILE) {
          for (int k = 0; k < n; k++) {
            vals[k] = series.get(members[from + k]).vals[i];
          }
          if (outSeries[g] == null) {
            outSeries[g] = out.series(groupLabels.get(g));
          }
          out.put(outSeries[g], i, Quantile.of(pv, vals, n));
          continue;
        }
        long k = (long) pv;
        if (k < 1) {
          continue;
        }
        boolean top = op == AggregateOp.TOPK;
        int take = (int) Math.min(k, n);
        // Emulate Prometheus's k-sized heap (Go's container/heap with its Less) exactly, so that
        // ties pick the same series; then order the heap best-first with a stable sort.
        TopkHeap heap = new TopkHeap(idx, series, step, top);
        for (int m = 0; m < n; m++) {
          int cand = members[from + m];
          double cv = series.get(cand).vals[step];
          if (heap.size < take) {
            heap.push(cand);
          } else {
            double rootV = series.get(idx[0]).vals[step];
            boolean replace = top ? rootV < cv || (Double.isNaN(rootV) && !Double.isNaN(cv))
                : rootV > cv || (Double.isNaN(rootV) && !Double.isNaN(cv));
            if (replace) {
              idx[0] = cand;
              if (take > 1) {
                heap.fix0();
              }
            }
          }
        }
        IndexSort.sort(idx, take, (x, y) -> heap.less(y, x) ? -1 : heap.less(x, y) ? 1 : 0);
        for (int t = 0; t < take; t++) {
          StepSeries src = series.get(idx[t]);
          if (outSeries[idx[t]] == null) {
            outSeries[idx[t]] = out.series(src.labels());
          }
          out.put(outSeries[idx[t]], i, src.vals[i]);
        }
      }
    }
  }

  /** Whether a is strictly preferred over b for topk (larger) or bottomk (smaller); NaN is never preferred. */
  private static boolean better(double a, double b, boolean top) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return top ? a > b : a < b;
  }

  private static StepVector countValues(Evaluator ev, AggregateExpr a, String label, StepVector in) {
    if (!Labels.isValidName(label)) {
      throw new QueryExecutionException("invalid label name \"" + label + "\"");
    }
    Set<String> grouping = new HashSet<>(a.grouping());
    if (!a.without()) {
      grouping.add(label);
    }
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    LabelsBuilder b = new LabelsBuilder();
    for (int i = 0; i < ev.steps; i++) {
      for (StepSeries s : in.series()) {
        if (!s.has[i]) {
          continue;
        }
        Labels withValue = b.reset(s.labels()).set(label, LabelText.formatPlain(s.vals[i])).build();
        StepSeries o = out.series(groupKey(withValue, grouping, a.without()));
        if (o.has[i]) {
          o.vals[i]++;
        } else {
          out.put(o, i, 1);
        }
      }
    }
    return new StepVector(out.result());
  }
}
