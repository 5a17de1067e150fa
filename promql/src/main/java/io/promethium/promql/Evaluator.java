package io.promethium.promql;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AtMode;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SelectHints;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.StaleNaN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates an expression at every step of [start, end] in one pass per node, as Prometheus's
 * rangeEval does: selectors read each series once and fill a primitive slot per step; operators
 * and functions then work step by step over those slots. An instant query is one step.
 */
final class Evaluator {
  final EvalContext ctx;
  final long start;
  final long end;
  final long interval;
  final int steps;
  final long[] times;
  final SampleBuffer buffer = new SampleBuffer();
  /**
   * Inside a subquery pinned with {@code @}, the latest time selectors without their own {@code @}
   * may read (before their offset), as Prometheus limits the storage query for them. It only shows
   * when such a subquery is evaluated at several steps (see {@link #refTime}).
   */
  long clampMaxMs = Long.MAX_VALUE;

  Evaluator(EvalContext ctx, long start, long end, long interval) {
    this.ctx = ctx;
    this.start = start;
    this.end = end;
    this.interval = interval;
    int n = end < start ? 0 : (int) ((end - start) / interval) + 1;
    this.steps = n;
    this.times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = start + i * interval;
    }
  }

  /** Evaluates to a {@link StepVector}, a {@code double[]} (scalar per step) or a {@link String}. */
  Object eval(Expr e) {
    ctx.check();
    if (steps > 1 && ctx.stepInvariant.contains(e) && !(e instanceof NumberLiteral) && !(e instanceof StringLiteral)) {
      return evalOnce(e);
    }
    return switch (e) {
      case NumberLiteral n -> {
        double[] out = new double[steps];
        Arrays.fill(out, n.value());
        yield out;
      }
      case StringLiteral s -> s.value();
      case ParenExpr p -> eval(p.expr());
      case UnaryExpr u -> unary(u);
      case VectorSelector vs -> selectVector(vs, false);
      case Call c -> Functions.call(this, c);
      case AggregateExpr a -> Aggregation.eval(this, a);
      case BinaryExpr b -> BinaryOperation.eval(this, b);
      case MatrixSelector m -> throw new QueryExecutionException("unexpected range vector " + m);
      case SubqueryExpr s -> throw new QueryExecutionException("unexpected subquery " + s);
    };
  }

  /**
   * A step-invariant subtree (Prometheus's StepInvariantExpr): evaluated once at this evaluator's
   * start, its values repeated at every step.
   */
  private Object evalOnce(Expr e) {
    Evaluator once = new Evaluator(ctx, start, start, interval);
    once.clampMaxMs = clampMaxMs;
    Object v = once.eval(e);
    if (v instanceof double[] d) {
      double[] out = new double[steps];
      Arrays.fill(out, d[0]);
      return out;
    }
    if (!(v instanceof StepVector sv)) {
      return v;
    }
    List<StepSeries> out = new ArrayList<>(sv.series().size());
    for (StepSeries s : sv.series()) {
      if (!s.has[0]) {
        continue;
      }
      StepSeries r = new StepSeries(s.labels(), steps);
      Arrays.fill(r.vals, s.vals[0]);
      Arrays.fill(r.has, true);
      r.count = steps;
      ctx.addSamples(steps - 1L);
      out.add(r);
    }
    return new StepVector(out);
  }

  StepVector vector(Expr e) {
    return (StepVector) eval(e);
  }

  double[] scalar(Expr e) {
    return (double[]) eval(e);
  }

  static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  private Object unary(UnaryExpr u) {
    Object v = eval(u.expr());
    if (u.op() != BinaryOp.SUB) {
      return v;
    }
    if (v instanceof double[] d) {
      double[] out = new double[steps];
      for (int i = 0; i < steps; i++) {
        out[i] = -d[i];
      }
      return out;
    }
    StepVector in = (StepVector) v;
    SeriesCollector out = new SeriesCollector(ctx, steps);
    for (StepSeries s : in.series()) {
      StepSeries o = out.seriesDroppingName(s.labels());
      for (int i = 0; i < steps; i++) {
        if (s.has[i]) {
          out.put(o, i, -s.vals[i]);
        }
      }
    }
    return new StepVector(out.result());
  }

  /**
   * The time a selector with these modifiers reads at for step {@code i}. Prometheus implements
   * {@code @ T} as an extra offset of (evaluator start - T), so a pinned selector reads at T only at
   * the evaluator's first step and slides with later ones. Step-invariant subtrees are evaluated
   * with a single step, so this shows only where Prometheus evaluates a pinned selector at every
   * step: the range argument of predict_linear and an aggregation's parameter. Its storage query
   * still ends at T (see {@link #readLimit}), so the data do not slide with it.
   */
  long refTime(int i, AtMode at, long atMs, long offsetMs) {
    if (at == AtMode.NONE) {
      return times[i] - offsetMs;
    }
    return pinnedTime(at, atMs) + (times[i] - start) - offsetMs;
  }

  long pinnedTime(AtMode at, long atMs) {
    return switch (at) {
      case NONE -> throw new IllegalArgumentException("not pinned");
      case TIMESTAMP -> atMs;
      case START -> ctx.queryStart;
      case END -> ctx.queryEnd;
    };
  }

  /** The latest sample time the storage query of a selector returns, as Prometheus plans it. */
  long readLimit(AtMode at, long atMs, long offsetMs) {
    if (at != AtMode.NONE) {
      return pinnedTime(at, atMs) - offsetMs;
    }
    return clampMaxMs == Long.MAX_VALUE ? Long.MAX_VALUE : clampMaxMs - offsetMs;
  }

  private long[] refTimes(AtMode at, long atMs, long offsetMs) {
    long[] refs = new long[steps];
    for (int i = 0; i < steps; i++) {
      refs[i] = refTime(i, at, atMs, offsetMs);
    }
    return refs;
  }

  /**
   * Instant-vector selection: at each step, the latest sample within the lookback window, unless it
   * is a staleness marker. With {@code timestampValues} the value is the sample's timestamp in
   * seconds (what {@code timestamp(selector)} returns).
   */
  StepVector selectVector(VectorSelector vs, boolean timestampValues) {
    List<StepSeries> out = new ArrayList<>();
    if (steps == 0) {
      return new StepVector(out);
    }
    long[] refs = refTimes(vs.atMode(), vs.atMs(), vs.offsetMs());
    long lookback = ctx.options.lookbackDeltaMs();
    long mint = refs[0] - lookback;
    if (timestampValues && vs.atMode() != AtMode.NONE) {
      // Prometheus re-pins timestamp()'s selector at every step by resetting its offset to
      // (step - T): it then looks back from T itself, ignoring the written offset, while its storage
      // query still covers [T - offset - lookback, T - offset].
      long pinned = pinnedTime(vs.atMode(), vs.atMs());
      Arrays.fill(refs, pinned);
      mint = Math.max(pinned, pinned - vs.offsetMs()) - lookback;
    }
    long maxt = Math.min(refs[steps - 1], readLimit(vs.atMode(), vs.atMs(), vs.offsetMs()));
    if (maxt < mint) {
      return new StepVector(out);
    }
    SelectHints hints = new SelectHints(mint, maxt, interval, null, 0);
    try (Querier q = ctx.storage.querier(mint, maxt)) {
      SeriesSet set = q.select(true, hints, vs.matchers().toArray(new io.promethium.tsdb.Matcher[0]));
      while (set.next()) {
        ctx.check();
        io.promethium.tsdb.Series series = set.at();
        buffer.load(series.iterator(), mint, maxt, true);
        long[] ts = buffer.ts;
        double[] vals = buffer.vs;
        int n = buffer.n;
        StepSeries ss = null;
        int j = -1;
        for (int i = 0; i < steps; i++) {
          long ref = refs[i];
          while (j + 1 < n && ts[j + 1] <= ref) {
            j++;
          }
          if (j >= 0 && ts[j] >= ref - lookback && !StaleNaN.isStale(vals[j])) {
            if (ss == null) {
              ss = new StepSeries(series.labels(), steps);
            }
            ss.has[i] = true;
            ss.vals[i] = timestampValues ? ts[j] / 1000.0 : vals[j];
            ss.count++;
          }
        }
        if (ss != null) {
          ctx.addSamples(ss.count);
          ctx.addQueryable(ss.count);
          out.add(ss);
        }
      }
    }
    return new StepVector(out);
  }

  /** Receives one series of a range-vector argument at a time, with its samples in primitive arrays. */
  interface RangeSeriesConsumer {
    void accept(Labels labels, long[] ts, double[] vs, int n);
  }

  /** Window geometry of a range-vector argument: range, offset and {@code @}. */
  record RangeSpec(long rangeMs, long offsetMs, AtMode atMode, long atMs) {}

  static RangeSpec rangeSpec(Expr arg) {
    return switch (arg) {
      case MatrixSelector m -> new RangeSpec(m.rangeMs(), m.selector().offsetMs(), m.selector().atMode(), m.selector().atMs());
      case SubqueryExpr s -> new RangeSpec(s.rangeMs(), s.offsetMs(), s.atMode(), s.atMs());
      default -> throw new IllegalArgumentException("not a range vector: " + arg);
    };
  }

  /**
   * Streams every series of a matrix selector or subquery with the samples that any step's window
   * can see (stale markers removed), one series at a time through a reused buffer.
   */
  void forEachRangeSeries(Expr arg, RangeSeriesConsumer consumer) {
    if (steps == 0) {
      return;
    }
    RangeSpec spec = rangeSpec(arg);
    long minRef = refTime(0, spec.atMode(), spec.atMs(), spec.offsetMs());
    long maxRef = refTime(steps - 1, spec.atMode(), spec.atMs(), spec.offsetMs());
    long mint = minRef - spec.rangeMs();
    if (arg instanceof MatrixSelector m) {
      long maxt = Math.min(maxRef, readLimit(spec.atMode(), spec.atMs(), spec.offsetMs()));
      if (maxt < mint) {
        return;
      }
      SelectHints hints = new SelectHints(mint, maxt, interval, null, spec.rangeMs());
      try (Querier q = ctx.storage.querier(mint, maxt)) {
        SeriesSet set = q.select(true, hints, m.selector().matchers().toArray(new io.promethium.tsdb.Matcher[0]));
        while (set.next()) {
          ctx.check();
          io.promethium.tsdb.Series series = set.at();
          buffer.load(series.iterator(), mint, maxt, false);
          ctx.addSamples(buffer.n);
          ctx.addQueryable(buffer.n);
          consumer.accept(series.labels(), buffer.ts, buffer.vs, buffer.n);
          ctx.releaseSamples(buffer.n);
        }
      }
      return;
    }
    SubqueryExpr sq = (SubqueryExpr) arg;
    long step = sq.stepMs() > 0 ? sq.stepMs() : ctx.options.defaultSubqueryStepMs();
    // Subquery steps are aligned to absolute multiples of the step, as in Prometheus.
    long innerStart = step * (mint / step);
    if (innerStart < mint) {
      innerStart += step;
    }
    Evaluator inner = new Evaluator(ctx, innerStart, maxRef, step);
    inner.clampMaxMs = readLimit(sq.atMode(), sq.atMs(), sq.offsetMs());
    StepVector v = inner.vector(sq.expr());
    SampleBuffer buf = new SampleBuffer();
    for (StepSeries s : v.series()) {
      ctx.check();
      buf.clear();
      for (int i = 0; i < inner.steps; i++) {
        if (s.has[i]) {
          buf.add(inner.times[i], s.vals[i]);
        }
      }
      consumer.accept(s.labels(), buf.ts, buf.vs, buf.n);
    }
  }
}
