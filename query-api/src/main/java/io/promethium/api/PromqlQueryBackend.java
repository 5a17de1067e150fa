package io.promethium.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promethium.promql.Engine;
import io.promethium.promql.InvalidQueryException;
import io.promethium.promql.Query;
import io.promethium.promql.QueryCanceledException;
import io.promethium.promql.QueryExecutionException;
import io.promethium.promql.QueryTimeoutException;
import io.promethium.promql.Result;
import io.promethium.promql.ast.ExprPrinter;
import io.promethium.promql.parser.ParseException;
import io.promethium.promql.parser.QueryParser;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.MatrixSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Storage;
import io.promethium.tsdb.StorageException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link QueryBackend} on Promethium's PromQL {@link Engine}. A per-request deadline cancels the
 * running query; that cancellation, like the engine's own timeout, is reported as Prometheus does:
 * {@code query timed out in expression evaluation} (503 {@code timeout}).
 */
public final class PromqlQueryBackend implements QueryBackend {
  private static final String TIMED_OUT = "query timed out in expression evaluation";
  private static final ScheduledExecutorService CANCELLER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "promql-query-deadline");
    t.setDaemon(true);
    return t;
  });

  private final Engine engine;
  private final Storage storage;

  public PromqlQueryBackend(Engine engine, Storage storage) {
    this.engine = engine;
    this.storage = storage;
  }

  @Override
  public QueryResult instant(String query, long timeMs, long deadlineNanos, CancelSignal cancel) {
    Query q;
    try {
      q = engine.instantQuery(storage, query, timeMs);
    } catch (ParseException | InvalidQueryException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
    return run(q, deadlineNanos, cancel);
  }

  @Override
  public QueryResult range(String query, long startMs, long endMs, long stepMs, long deadlineNanos,
      CancelSignal cancel) {
    Query q;
    try {
      q = engine.rangeQuery(storage, query, startMs, endMs, stepMs);
    } catch (ParseException | InvalidQueryException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
    return run(q, deadlineNanos, cancel);
  }

  @Override
  public String format(String query) {
    try {
      return ExprPrinter.print(QueryParser.parse(query));
    } catch (ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static QueryResult run(Query q, long deadlineNanos, CancelSignal cancel) {
    long wait = deadlineNanos - System.nanoTime();
    if (wait <= 0) {
      throw new ApiException(ErrorType.TIMEOUT, TIMED_OUT);
    }
    ScheduledFuture<?> timer = CANCELLER.schedule(q::cancel, wait, TimeUnit.NANOSECONDS);
    cancel.onCancel(q::cancel);
    try {
      return new EngineResult(q.exec());
    } catch (QueryTimeoutException e) {
      throw new ApiException(ErrorType.TIMEOUT, e.getMessage());
    } catch (QueryCanceledException e) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw new ApiException(ErrorType.TIMEOUT, TIMED_OUT);
      }
      throw new ApiException(ErrorType.CANCELED, e.getMessage());
    } catch (QueryExecutionException e) {
      throw new ApiException(ErrorType.EXECUTION, e.getMessage());
    } catch (StorageException e) {
      throw new ApiException(ErrorType.INTERNAL, e.getMessage(), e);
    } finally {
      timer.cancel(false);
    }
  }

  /** Streams an engine value in Prometheus's result shape. */
  private record EngineResult(Result result) implements QueryResult {
    @Override
    public String resultType() {
      Value v = result.value();
      return switch (v) {
        case Vector x -> "vector";
        case Matrix x -> "matrix";
        case Scalar x -> "scalar";
        case StringValue x -> "string";
      };
    }

    @Override
    public List<String> warnings() {
      return result.warnings();
    }

    @Override
    public long totalQueryableSamples() {
      return result.totalQueryableSamples();
    }

    @Override
    public long peakSamples() {
      return result.peakSamples();
    }

    @Override
    public void writeResult(JsonGenerator g) throws IOException {
      switch (result.value()) {
        case Vector vec -> {
          g.writeStartArray();
          for (Sample s : vec.samples()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            ApiJson.writeLabels(g, s.labels());
            g.writeFieldName("value");
            ApiJson.writePoint(g, s.t(), s.v());
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        case Matrix m -> {
          g.writeStartArray();
          for (MatrixSeries s : m.series()) {
            g.writeStartObject();
            g.writeFieldName("metric");
            ApiJson.writeLabels(g, s.labels());
            g.writeArrayFieldStart("values");
            long[] ts = s.ts();
            double[] vs = s.vs();
            for (int i = 0; i < ts.length; i++) {
              ApiJson.writePoint(g, ts[i], vs[i]);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        case Scalar s -> ApiJson.writePoint(g, s.t(), s.v());
        case StringValue s -> {
          g.writeStartArray();
          ApiJson.writeTimestamp(g, s.t());
          g.writeString(s.v());
          g.writeEndArray();
        }
      }
    }
  }
}
