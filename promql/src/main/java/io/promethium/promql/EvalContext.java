package io.promethium.promql;

import io.promethium.promql.ast.Expr;
import io.promethium.tsdb.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Per-query state shared by all evaluators of one query: limits, deadline, cancellation, sample count. */
final class EvalContext {
  final Storage storage;
  final EngineOptions options;
  final long queryStart;
  final long queryEnd;
  final List<String> warnings = new ArrayList<>();
  /** Nodes evaluated once per evaluator and repeated across its steps (see {@link StepInvariance}). */
  final Set<Expr> stepInvariant;
  private final long deadlineNanos;
  private volatile boolean canceled;
  private long currentSamples;
  private long peakSamples;
  private long queryableSamples;

  EvalContext(Storage storage, EngineOptions options, long queryStart, long queryEnd, long startNanos,
      Set<Expr> stepInvariant) {
    this.storage = storage;
    this.stepInvariant = stepInvariant;
    this.options = options;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.deadlineNanos = startNanos + options.timeoutMs() * 1_000_000L;
  }

  void cancel() {
    canceled = true;
  }

  /** Throws when the query was canceled or ran out of time; called between series and steps. */
  void check() {
    if (canceled) {
      throw new QueryCanceledException("expression evaluation");
    }
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryTimeoutException("expression evaluation");
    }
  }

  void addSamples(long n) {
    currentSamples += n;
    if (currentSamples > peakSamples) {
      peakSamples = currentSamples;
    }
    if (currentSamples > options.maxSamples()) {
      throw new TooManySamplesException();
    }
  }

  /** Samples read from storage by selectors (the {@code stats} figure {@code totalQueryableSamples}). */
  void addQueryable(long n) {
    queryableSamples += n;
  }

  long queryableSamples() {
    return queryableSamples;
  }

  /** The most samples held at once, as counted against {@code --query.max-samples}. */
  long peakSamples() {
    return peakSamples;
  }

  void releaseSamples(long n) {
    currentSamples -= n;
  }
}
