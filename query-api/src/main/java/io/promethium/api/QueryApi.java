package io.promethium.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/v1/query}, {@code /query_range} and {@code /format_query}: Prometheus's parameter
 * validation and messages, the {@code --query.max-concurrency} limit (queries wait for a slot until
 * their deadline), the per-request {@code timeout} capped by {@code --query.timeout}, and
 * {@code stats}.
 */
final class QueryApi {
  static final long MAX_POINTS = 11_000;
  private static final long QUEUE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final QueryBackend backend;
  private final Semaphore slots;
  private final long defaultTimeoutNanos;

  QueryApi(QueryBackend backend, int maxConcurrency, long defaultTimeoutMs) {
    this.backend = backend;
    this.slots = new Semaphore(Math.max(1, maxConcurrency), true);
    this.defaultTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(defaultTimeoutMs);
  }

  ApiResponse instant(ApiRequest r) throws IOException, InterruptedException {
    long t = ApiParams.time(r, "time", System.currentTimeMillis());
    long deadline = deadline(r);
    String query = r.param("query");
    long queued = System.nanoTime();
    acquire(deadline, r.cancel());
    try {
      long started = System.nanoTime();
      QueryResult res = backend.instant(query, t, deadline, r.cancel());
      return respond(r, res, started - queued, System.nanoTime() - started);
    } finally {
      slots.release();
    }
  }

  ApiResponse range(ApiRequest r) throws IOException, InterruptedException {
    long start = ApiParams.requiredTime(r, "start");
    long end = ApiParams.requiredTime(r, "end");
    if (end < start) {
      throw ApiException.invalidParam("end", "end timestamp must not be before start time");
    }
    long stepNanos = ApiParams.duration(r, "step");
    if (stepNanos <= 0) {
      throw ApiException.invalidParam("step",
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    // Prometheus divides the range as time.Duration (ns) by the step.
    if (rangeNanos(start, end) / stepNanos > MAX_POINTS) {
      throw ApiException.badData(
          "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    }
    long deadline = deadline(r);
    String query = r.param("query");
    long queued = System.nanoTime();
    acquire(deadline, r.cancel());
    try {
      long started = System.nanoTime();
      long stepMs = Math.max(1, stepNanos / 1_000_000);
      QueryResult res = backend.range(query, start, end, stepMs, deadline, r.cancel());
      return respond(r, res, started - queued, System.nanoTime() - started);
    } finally {
      slots.release();
    }
  }

  ApiResponse format(ApiRequest r) throws IOException {
    String formatted;
    try {
      formatted = backend.format(r.param("query"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam("query", e.getMessage());
    }
    ApiJson json = ApiJson.success();
    json.gen().writeString(formatted);
    return ApiResponse.json(json.finish(null));
  }

  private static long rangeNanos(long startMs, long endMs) {
    try {
      return Math.multiplyExact(endMs - startMs, 1_000_000L);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // Go's Sub saturates too
    }
  }

  private long deadline(ApiRequest r) {
    long timeout = defaultTimeoutNanos;
    if (!r.param("timeout").isEmpty()) {
      long requested = ApiParams.duration(r, "timeout");
      timeout = Math.min(timeout, Math.max(0, requested));
    }
    return System.nanoTime() + timeout;
  }

  /** Waits for a slot until the deadline, giving up early when the client has gone away. */
  private void acquire(long deadline, CancelSignal cancel) throws InterruptedException {
    while (true) {
      if (cancel.isCanceled()) {
        throw new ApiException(ErrorType.CANCELED, "query was canceled in query queue");
      }
      long wait = deadline - System.nanoTime();
      if (wait <= 0) {
        if (slots.tryAcquire()) {
          return;
        }
        throw new ApiException(ErrorType.TIMEOUT, "query timed out in query queue");
      }
      if (slots.tryAcquire(Math.min(wait, QUEUE_POLL_NANOS), TimeUnit.NANOSECONDS)) {
        return;
      }
    }
  }

  private static ApiResponse respond(ApiRequest r, QueryResult res, long queueNanos, long evalNanos)
      throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeStringField("resultType", res.resultType());
    g.writeFieldName("result");
    res.writeResult(g);
    String stats = r.param("stats");
    if (!stats.isEmpty()) {
      g.writeObjectFieldStart("stats");
      g.writeObjectFieldStart("timings");
      writeSeconds(g, "evalTotalTime", evalNanos);
      writeSeconds(g, "resultSortTime", 0);
      writeSeconds(g, "queryPreparationTime", 0);
      writeSeconds(g, "innerEvalTime", evalNanos);
      writeSeconds(g, "execQueueTime", queueNanos);
      writeSeconds(g, "execTotalTime", queueNanos + evalNanos);
      g.writeEndObject();
      g.writeObjectFieldStart("samples");
      g.writeNumberField("totalQueryableSamples", res.totalQueryableSamples());
      g.writeNumberField("peakSamples", res.peakSamples());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
    return ApiResponse.json(json.finish(res.warnings()));
  }

  private static void writeSeconds(JsonGenerator g, String field, long nanos) throws IOException {
    g.writeFieldName(field);
    g.writeNumber(GoFloat.json(nanos / 1e9));
  }
}
