package io.promethium.promql;

import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.MatrixSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A prepared query. {@link #exec()} runs it (once or more); {@link #cancel()} from another thread
 * stops a running evaluation with {@link QueryCanceledException}.
 */
public final class Query {
  private final EngineOptions options;
  private final Storage storage;
  private final Expr expr;
  private final long start;
  private final long end;
  private final long step;
  private final boolean range;
  private final java.util.Set<Expr> stepInvariant;
  private volatile EvalContext running;
  private volatile boolean canceled;

  Query(EngineOptions options, Storage storage, Expr expr, long start, long end, long step, boolean range) {
    this.options = options;
    this.storage = storage;
    this.expr = expr;
    this.start = start;
    this.end = end;
    this.step = step;
    this.range = range;
    this.stepInvariant = StepInvariance.of(expr);
  }

  public Expr expr() {
    return expr;
  }

  public void cancel() {
    canceled = true;
    EvalContext c = running;
    if (c != null) {
      c.cancel();
    }
  }

  /**
   * Evaluates the query.
   *
   * @throws QueryExecutionException (incl. {@link TooManySamplesException}), {@link QueryTimeoutException},
   *     {@link QueryCanceledException}
   */
  public Result exec() {
    EvalContext ctx = new EvalContext(storage, options, start, end, System.nanoTime(), stepInvariant);
    running = ctx;
    if (canceled) {
      ctx.cancel();
    }
    try {
      Value v = range ? execRange(ctx) : execInstant(ctx);
      return new Result(v, ctx.warnings, ctx.queryableSamples(), ctx.peakSamples());
    } finally {
      running = null;
    }
  }

  private Value execInstant(EvalContext ctx) {
    Evaluator ev = new Evaluator(ctx, start, start, 1);
    if (expr.type() == ValueType.MATRIX) {
      List<MatrixSeries> out = new ArrayList<>();
      ev.forEachRangeSeries(Evaluator.unwrap(expr),
          (labels, ts, vs, n) -> {
            if (n > 0) {
              out.add(new MatrixSeries(labels, Arrays.copyOf(ts, n), Arrays.copyOf(vs, n)));
            }
          });
      return new Matrix(out);
    }
    Object v = ev.eval(expr);
    if (v instanceof String s) {
      return new StringValue(start, s);
    }
    if (v instanceof double[] d) {
      return new Scalar(start, d[0]);
    }
    StepVector sv = (StepVector) v;
    List<Sample> samples = new ArrayList<>(sv.series().size());
    for (StepSeries s : sv.series()) {
      if (s.has[0]) {
        samples.add(new Sample(s.labels(), start, s.vals[0]));
      }
    }
    return new Vector(samples);
  }

  private Value execRange(EvalContext ctx) {
    Evaluator ev = new Evaluator(ctx, start, end, step);
    Object v = ev.eval(expr);
    List<MatrixSeries> out = new ArrayList<>();
    if (v instanceof double[] d) {
      out.add(new MatrixSeries(Labels.EMPTY, ev.times.clone(), d.clone()));
      return new Matrix(out);
    }
    for (StepSeries s : ((StepVector) v).series()) {
      long[] ts = new long[s.count];
      double[] vs = new double[s.count];
      int k = 0;
      for (int i = 0; i < ev.steps; i++) {
        if (s.has[i]) {
          ts[k] = ev.times[i];
          vs[k] = s.vals[i];
          k++;
        }
      }
      out.add(new MatrixSeries(s.labels(), ts, vs));
    }
    out.sort((a, b) -> a.labels().compareTo(b.labels()));
    return new Matrix(out);
  }
}
