package io.promethium.promql;

import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.Function;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/** Dispatch and implementation of function calls over step vectors. */
final class Functions {
  private Functions() {}

  interface StepOp {
    double apply(double v, int step);
  }

  static Object call(Evaluator ev, Call c) {
    Function f = c.func();
    List<Expr> args = c.args();
    int matrixArg = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).type() == ValueType.MATRIX) {
        matrixArg = i;
      }
    }
    if (matrixArg >= 0) {
      return rangeCall(ev, c, matrixArg);
    }
    return switch (f) {
      case TIME -> {
        double[] out = new double[ev.steps];
        for (int i = 0; i < ev.steps; i++) {
          out[i] = ev.times[i] / 1000.0;
        }
        yield out;
      }
      case PI -> {
        double[] out = new double[ev.steps];
        java.util.Arrays.fill(out, Math.PI);
        yield out;
      }
      case VECTOR_FN -> {
        double[] s = ev.scalar(args.get(0));
        StepSeries out = new StepSeries(Labels.EMPTY, ev.steps);
        for (int i = 0; i < ev.steps; i++) {
          out.has[i] = true;
          out.vals[i] = s[i];
          out.count++;
        }
        ev.ctx.addSamples(out.count);
        yield new StepVector(out.count > 0 ? List.of(out) : List.of());
      }
      case SCALAR_FN -> {
        StepVector v = ev.vector(args.get(0));
        double[] out = new double[ev.steps];
        for (int i = 0; i < ev.steps; i++) {
          int found = 0;
          double val = Double.NaN;
          for (StepSeries s : v.series()) {
            if (s.has[i]) {
              found++;
              val = s.vals[i];
            }
          }
          out[i] = found == 1 ? val : Double.NaN;
        }
        yield out;
      }
      case ABS -> map(ev, args.get(0), (v, i) -> Math.abs(v));
      case CEIL -> map(ev, args.get(0), (v, i) -> Math.ceil(v));
      case FLOOR -> map(ev, args.get(0), (v, i) -> Math.floor(v));
      case EXP -> map(ev, args.get(0), (v, i) -> Math.exp(v));
      case SQRT -> map(ev, args.get(0), (v, i) -> Math.sqrt(v));
      case LN -> map(ev, args.get(0), (v, i) -> Math.log(v));
      case LOG2 -> map(ev, args.get(0), (v, i) -> log2(v));
      case LOG10 -> map(ev, args.get(0), (v, i) -> Math.log10(v));
      case SGN -> map(ev, args.get(0), (v, i) -> v > 0 ? 1 : v < 0 ? -1 : v);
      case DEG -> map(ev, args.get(0), (v, i) -> v * 180 / Math.PI);
      case RAD -> map(ev, args.get(0), (v, i) -> v * Math.PI / 180);
      case ACOS -> map(ev, args.get(0), (v, i) -> Math.acos(v));
      case ASIN -> map(ev, args.get(0), (v, i) -> Math.asin(v));
      case ATAN -> map(ev, args.get(0), (v, i) -> Math.atan(v));
      case COS -> map(ev, args.get(0), (v, i) -> Math.cos(v));
      case SIN -> map(ev, args.get(0), (v, i) -> Math.sin(v));
      case TAN -> map(ev, args.get(0), (v, i) -> Math.tan(v));
      case COSH -> map(ev, args.get(0), (v, i) -> Math.cosh(v));
      case SINH -> map(ev, args.get(0), (v, i) -> Math.sinh(v));
      case TANH -> map(ev, args.get(0), (v, i) -> Math.tanh(v));
      case ACOSH -> map(ev, args.get(0), (v, i) -> acosh(v));
      case ASINH -> map(ev, args.get(0), (v, i) -> asinh(v));
      case ATANH -> map(ev, args.get(0), (v, i) -> atanh(v));
      case ROUND -> {
        double[] to = args.size() > 1 ? ev.scalar(args.get(1)) : null;
        yield map(ev, args.get(0), (v, i) -> {
          double inv = 1.0 / (to == null ? 1.0 : to[i]);
          return Math.floor(v * inv + 0.5) / inv;
        });
      }
      case CLAMP -> {
        double[] min = ev.scalar(args.get(1));
        double[] max = ev.scalar(args.get(2));
        yield filterMap(ev, args.get(0), i -> !(max[i] < min[i]), (v, i) -> Math.max(min[i], Math.min(max[i], v)));
      }
      case CLAMP_MAX -> {
        double[] max = ev.scalar(args.get(1));
        yield map(ev, args.get(0), (v, i) -> Math.min(max[i], v));
      }
      case CLAMP_MIN -> {
        double[] min = ev.scalar(args.get(1));
        yield map(ev, args.get(0), (v, i) -> Math.max(min[i], v));
      }
      case DAY_OF_MONTH -> date(ev, args, d -> d.getDayOfMonth());
      case DAY_OF_WEEK -> date(ev, args, d -> d.getDayOfWeek().getValue() % 7);
      case DAY_OF_YEAR -> date(ev, args, d -> d.getDayOfYear());
      case DAYS_IN_MONTH -> date(ev, args, d -> d.toLocalDate().lengthOfMonth());
      case HOUR -> date(ev, args, d -> d.getHour());
      case MINUTE -> date(ev, args, d -> d.getMinute());
      case MONTH -> date(ev, args, d -> d.getMonthValue());
      case YEAR -> date(ev, args, d -> d.getYear());
      case TIMESTAMP -> {
        Expr a = Evaluator.unwrap(args.get(0));
        if (a instanceof VectorSelector vs) {
          yield dropNames(ev, ev.selectVector(vs, true));
        }
        yield map(ev, a, (v, i) -> ev.times[i] / 1000.0);
      }
      case SORT, SORT_DESC -> sort(ev, ev.vector(args.get(0)), f == Function.SORT_DESC);
      case ABSENT -> absent(ev, args.get(0));
      case LABEL_REPLACE -> LabelFunctions.labelReplace(ev, c);
      case LABEL_JOIN -> LabelFunctions.labelJoin(ev, c);
      case HISTOGRAM_QUANTILE -> HistogramQuantile.eval(ev, ev.scalar(args.get(0)), ev.vector(args.get(1)));
      default -> throw new QueryExecutionException("function " + f.functionName() + " not supported");
    };
  }

  private static double log2(double v) {
    // Exact for powers of two, as Go's math.Log2.
    if (v > 0 && !Double.isInfinite(v)) {
      int exp = Math.getExponent(v);
      if (v == Math.scalb(1.0, exp)) {
        return exp;
      }
    }
    return Math.log(v) / Math.log(2);
  }

  private static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (Double.isInfinite(x)) {
      return x;
    }
    return Math.log(x + Math.sqrt(x * x - 1));
  }

  private static double asinh(double x) {
    if (Double.isInfinite(x) || Double.isNaN(x) || x == 0) {
      return x;
    }
    double a = Math.abs(x);
    double r = Math.log(a + Math.sqrt(a * a + 1));
    return x < 0 ? -r : r;
  }

  private static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    if (x == 0) {
      return x;
    }
    return 0.5 * Math.log((1 + x) / (1 - x));
  }

  interface StepFilter {
    boolean keep(int step);
  }

  static StepVector map(Evaluator ev, Expr arg, StepOp op) {
    return filterMap(ev, arg, null, op);
  }

  /** Applies {@code op} to each sample, dropping the metric name, as most functions do. */
  static StepVector filterMap(Evaluator ev, Expr arg, StepFilter filter, StepOp op) {
    StepVector in = ev.vector(arg);
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    for (StepSeries s : in.series()) {
      StepSeries o = out.seriesDroppingName(s.labels());
      for (int i = 0; i < ev.steps; i++) {
        if (s.has[i] && (filter == null || filter.keep(i))) {
          out.put(o, i, op.apply(s.vals[i], i));
        }
      }
    }
    return new StepVector(out.result());
  }

  private static StepVector dropNames(Evaluator ev, StepVector in) {
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    for (StepSeries s : in.series()) {
      StepSeries o = out.seriesDroppingName(s.labels());
      for (int i = 0; i < ev.steps; i++) {
        if (s.has[i]) {
          out.put(o, i, s.vals[i]);
        }
      }
    }
    return new StepVector(out.result());
  }

  interface DateField {
    int of(ZonedDateTime d);
  }

  private static StepVector date(Evaluator ev, List<Expr> args, DateField field) {
    if (args.isEmpty()) {
      StepSeries s = new StepSeries(Labels.EMPTY, ev.steps);
      for (int i = 0; i < ev.steps; i++) {
        s.has[i] = true;
        s.count++;
        s.vals[i] = field.of(Instant.ofEpochSecond(Math.floorDiv(ev.times[i], 1000L)).atZone(ZoneOffset.UTC));
      }
      return new StepVector(s.count > 0 ? List.of(s) : List.of());
    }
    return map(ev, args.get(0), (v, i) -> field.of(Instant.ofEpochSecond((long) v).atZone(ZoneOffset.UTC)));
  }

  /** sort/sort_desc only order an instant query's result; range results are sorted by labels anyway. */
  private static StepVector sort(Evaluator ev, StepVector in, boolean desc) {
    if (ev.steps != 1) {
      return in;
    }
    List<StepSeries> list = new ArrayList<>(in.series());
    int[] idx = new int[list.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    IndexSort.sort(idx, idx.length, (a, b) -> {
      double x = list.get(a).vals[0];
      double y = list.get(b).vals[0];
      // Prometheus 2.42 sorts NaN last for both sort and sort_desc.
      boolean xn = Double.isNaN(x);
      boolean yn = Double.isNaN(y);
      if (xn || yn) {
        return xn == yn ? 0 : xn ? 1 : -1;
      }
      return desc ? Double.compare(y, x) : Double.compare(x, y);
    });
    List<StepSeries> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(list.get(i));
    }
    return new StepVector(out);
  }

  private static StepVector absent(Evaluator ev, Expr arg) {
    StepVector in = ev.vector(arg);
    StepSeries out = new StepSeries(absentLabels(arg), ev.steps);
    for (int i = 0; i < ev.steps; i++) {
      boolean any = false;
      for (StepSeries s : in.series()) {
        if (s.has[i]) {
          any = true;
          break;
        }
      }
      if (!any) {
        out.has[i] = true;
        out.vals[i] = 1;
        out.count++;
      }
    }
    return new StepVector(out.count > 0 ? List.of(out) : List.of());
  }

  /** The labels absent() reports: the selector's equality matchers, except names matched more than once. */
  static Labels absentLabels(Expr arg) {
    Expr e = Evaluator.unwrap(arg);
    List<Matcher> matchers;
    if (e instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (e instanceof MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return Labels.EMPTY;
    }
    LabelsBuilder b = new LabelsBuilder();
    List<String> empty = new ArrayList<>();
    for (Matcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == MatchType.EQUAL && b.get(m.name()).isEmpty()) {
        b.set(m.name(), m.value());
      } else {
        empty.add(m.name());
      }
    }
    for (String n : empty) {
      b.del(n);
    }
    return b.build();
  }

  private static Object rangeCall(Evaluator ev, Call c, int matrixArg) {
    Function f = c.func();
    List<Expr> args = c.args();
    double[] p0 = null;
    double[] p1 = null;
    int k = 0;
    for (int i = 0; i < args.size(); i++) {
      if (i == matrixArg) {
        continue;
      }
      double[] s = ev.scalar(args.get(i));
      if (k++ == 0) {
        p0 = s;
      } else {
        p1 = s;
      }
    }
    Expr arg = Evaluator.unwrap(args.get(matrixArg));
    Evaluator.RangeSpec spec = Evaluator.rangeSpec(arg);
    RangeFunctions.RangeFunction fn = RangeFunctions.of(f);
    boolean dropName = f != Function.LAST_OVER_TIME;
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    Window w = new Window();
    w.rangeMs = spec.rangeMs();
    boolean[] anyPresent = f == Function.ABSENT_OVER_TIME ? new boolean[ev.steps] : null;
    double[] fp0 = p0;
    double[] fp1 = p1;
    ev.forEachRangeSeries(arg, (labels, ts, vs, n) -> {
      StepSeries o = null;
      int lo = 0;
      int hi = 0;
      w.ts = ts;
      w.vs = vs;
      for (int i = 0; i < ev.steps; i++) {
        long ref = ev.refTime(i, spec.atMode(), spec.atMs(), spec.offsetMs());
        long mint = ref - spec.rangeMs();
        // Steps only move forward (or stay, with @), so both window edges only advance.
        if (i > 0 && ref < ev.refTime(i - 1, spec.atMode(), spec.atMs(), spec.offsetMs())) {
          lo = 0;
          hi = 0;
        }
        while (lo < n && ts[lo] < mint) {
          lo++;
        }
        if (hi < lo) {
          hi = lo;
        }
        while (hi < n && ts[hi] <= ref) {
          hi++;
        }
        if (hi == lo) {
          continue;
        }
        if (anyPresent != null) {
          anyPresent[i] = true;
          continue;
        }
        w.from = lo;
        w.to = hi;
        w.evalTs = ev.times[i];
        w.rangeStart = mint;
        w.rangeEnd = ref;
        w.p0 = fp0 == null ? 0 : fp0[i];
        w.p1 = fp1 == null ? 0 : fp1[i];
        if (fn.apply(w)) {
          if (o == null) {
            o = dropName ? out.seriesDroppingName(labels) : out.series(labels);
          }
          out.put(o, i, w.out);
        }
      }
    });
    if (anyPresent != null) {
      StepSeries s = new StepSeries(absentLabels(arg), ev.steps);
      for (int i = 0; i < ev.steps; i++) {
        if (!anyPresent[i]) {
          s.has[i] = true;
          s.vals[i] = 1;
          s.count++;
        }
      }
      return new StepVector(s.count > 0 ? List.of(s) : List.of());
    }
    return new StepVector(out.result());
  }
}
