package io.promethium.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.promql.parser.ParseException;
import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.MatrixSeries;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.StringValue;
import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.StaleNaN;
import io.promethium.tsdb.Storage;
import io.promethium.tsdb.StorageStats;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine behaviour beyond the promqltest suite: range queries, limits, timeout, cancel, errors. */
class EngineTest {
  @TempDir
  Path dir;
  Tsdb db;
  final Engine engine = new Engine();

  @BeforeEach
  void load() {
    db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
    Appender app = db.appender();
    // Two counters, one sample every 15s for 1h; job="b" goes stale at 30m.
    for (int i = 0; i <= 240; i++) {
      long t = i * 15_000L;
      app.append(0, Labels.of("__name__", "http_requests_total", "job", "a", "instance", "1"), t, i * 10.0);
      if (t < 1_800_000L) {
        app.append(0, Labels.of("__name__", "http_requests_total", "job", "b", "instance", "1"), t, i * 20.0);
      } else if (t == 1_800_000L) {
        app.append(0, Labels.of("__name__", "http_requests_total", "job", "b", "instance", "1"), t, StaleNaN.VALUE);
      }
    }
    app.commit();
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void rangeQueryMatchesInstantQueriesAtEachStep() {
    String q = "sum by (job) (rate(http_requests_total[5m]))";
    Matrix m = (Matrix) engine.rangeQuery(db, q, 600_000, 3_000_000, 60_000).exec().value();
    assertThat(m.series()).extracting(s -> s.labels().get("job")).containsExactly("a", "b");
    for (MatrixSeries s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        Vector v = (Vector) engine.instantQuery(db, q, s.ts()[i]).exec().value();
        double want = v.samples().stream().filter(x -> x.labels().equals(s.labels())).findFirst().orElseThrow().v();
        assertThat(s.vs()[i]).isEqualTo(want);
      }
    }
    // rate of a counter growing 10 per 15s
    assertThat(m.series().get(0).vs()[0]).isCloseTo(10.0 / 15, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void staleMarkerEndsSeriesImmediatelyNotAfterLookback() {
    Matrix m = (Matrix) engine.rangeQuery(db, "http_requests_total{job=\"b\"}", 1_740_000, 1_860_000, 15_000)
        .exec().value();
    MatrixSeries s = m.series().get(0);
    assertThat(s.ts()).containsExactly(1_740_000L, 1_755_000L, 1_770_000L, 1_785_000L);
    assertThat(s.labels().metricName()).isEqualTo("http_requests_total");
  }

  @Test
  void lookbackDeltaIsConfigurable() {
    Engine shortLookback = new Engine(EngineOptions.DEFAULT.withLookbackDeltaMs(10_000));
    // 3,600,000 is the last sample of job="a"; 20s later it is outside a 10s lookback.
    assertThat(((Vector) shortLookback.instantQuery(db, "http_requests_total{job=\"a\"}", 3_620_000).exec().value())
        .samples()).isEmpty();
    assertThat(((Vector) engine.instantQuery(db, "http_requests_total{job=\"a\"}", 3_620_000).exec().value())
        .samples()).hasSize(1);
  }

  @Test
  void subqueryStepsAreAlignedToAbsoluteMultiplesOfTheStep() {
    // At t=100s, [1m:30s] sees steps 60s, 90s (aligned to 30s), not 40s, 70s, 100s.
    Vector v = (Vector) engine.instantQuery(db, "count_over_time(http_requests_total{job=\"a\"}[1m:30s])", 100_000)
        .exec().value();
    assertThat(v.samples().get(0).v()).isEqualTo(2);
    Matrix raw = (Matrix) engine.instantQuery(db, "http_requests_total{job=\"a\"}[1m:30s]", 100_000).exec().value();
    assertThat(raw.series().get(0).ts()).containsExactly(60_000L, 90_000L);
  }

  @Test
  void resultTypes() {
    assertThat(engine.instantQuery(db, "1 + 1", 0).exec().value()).isEqualTo(new Scalar(0, 2));
    assertThat(engine.instantQuery(db, "\"hello\"", 5).exec().value()).isEqualTo(new StringValue(5, "hello"));
    Matrix m = (Matrix) engine.instantQuery(db, "http_requests_total{job=\"a\"}[30s]", 60_000).exec().value();
    assertThat(m.series().get(0).ts()).containsExactly(30_000L, 45_000L, 60_000L); // closed on the left in 2.x
    Matrix scalarRange = (Matrix) engine.rangeQuery(db, "time()", 0, 120_000, 60_000).exec().value();
    assertThat(scalarRange.series().get(0).vs()).containsExactly(0, 60, 120);
  }

  @Test
  void rangeQueryRejectsRangeVectorExpressions() {
    assertThatThrownBy(() -> engine.rangeQuery(db, "http_requests_total[5m]", 0, 60_000, 15_000))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    assertThatThrownBy(() -> engine.instantQuery(db, "rate(x)", 0)).isInstanceOf(ParseException.class);
  }

  @Test
  void executionErrorsUsePrometheusWording() {
    Appender app = db.appender();
    app.append(0, Labels.of("__name__", "l", "k", "1", "x", "a"), 0, 1);
    app.append(0, Labels.of("__name__", "l", "k", "1", "x", "b"), 0, 2);
    app.append(0, Labels.of("__name__", "r", "k", "1", "y", "a"), 0, 3);
    app.append(0, Labels.of("__name__", "r", "k", "1", "y", "b"), 0, 4);
    app.append(0, Labels.of("__name__", "m", "k", "2"), 0, 5);
    app.append(0, Labels.of("__name__", "n", "k", "2"), 0, 6);
    app.commit();
    assertThatThrownBy(() -> engine.instantQuery(db, "l + on(k) r", 0).exec())
        .isInstanceOf(QueryExecutionException.class)
        .hasMessageStartingWith("found duplicate series for the match group {k=\"1\"} on the right hand-side")
        .hasMessageEndingWith("many-to-many matching not allowed: matching labels must be unique on one side");
    assertThatThrownBy(() -> engine.instantQuery(db, "l + on(k) group_left r", 0).exec())
        .hasMessageStartingWith("found duplicate series for the match group");
    assertThatThrownBy(() -> engine.instantQuery(db, "{k=\"2\"} + 1", 0).exec())
        .hasMessage("vector cannot contain metrics with the same labelset");
    assertThatThrownBy(() -> engine.instantQuery(db, "label_replace(l, \"a\", \"b\", \"x\", \"(\")", 0).exec())
        .hasMessage("invalid regular expression in label_replace(): (");
  }

  @Test
  void topkAndBottomkWithKLargerThanTheHeapFastPath() {
    // k > 64 takes the full-sort branch; the result must still be ordered best first.
    Vector top = (Vector) engine.instantQuery(db, "topk(100, http_requests_total)", 600_000).exec().value();
    assertThat(top.samples()).extracting(s -> s.labels().get("job")).containsExactly("b", "a");
    Vector bottom = (Vector) engine.instantQuery(db, "bottomk(100, http_requests_total)", 600_000).exec().value();
    assertThat(bottom.samples()).extracting(s -> s.labels().get("job")).containsExactly("a", "b");
    Vector one = (Vector) engine.instantQuery(db, "topk(1, http_requests_total)", 600_000).exec().value();
    assertThat(one.samples()).extracting(s -> s.labels().get("job")).containsExactly("b");
  }

  @Test
  void maxSamplesLimit() {
    Engine limited = new Engine(EngineOptions.DEFAULT.withMaxSamples(50));
    // 60 + 30 selected points (job="b" ends at 30m) is over 50.
    assertThatThrownBy(() -> limited.rangeQuery(db, "http_requests_total", 0, 3_540_000, 60_000).exec())
        .isInstanceOf(TooManySamplesException.class)
        .hasMessage("query processing would load too many samples into memory in query execution");
    // A 5m window holds 21 samples per series, released after each series: fine under 50.
    assertThat(((Vector) limited.instantQuery(db, "rate(http_requests_total[5m])", 600_000).exec().value())
        .samples()).hasSize(2);
    // A 1h window holds 241 samples of job="a": over the limit.
    assertThatThrownBy(() -> limited.instantQuery(db, "rate(http_requests_total[1h])", 3_600_000).exec())
        .isInstanceOf(TooManySamplesException.class);
  }

  @Test
  void timeoutCancelsEvaluation() {
    Storage slow = new SlowStorage(db, 200);
    Engine quick = new Engine(EngineOptions.DEFAULT.withTimeoutMs(20));
    assertThatThrownBy(() -> quick.instantQuery(slow, "http_requests_total", 60_000).exec())
        .isInstanceOf(QueryTimeoutException.class)
        .hasMessage("query timed out in expression evaluation");
    // The same query within its time budget succeeds.
    assertThat(((Vector) engine.instantQuery(slow, "http_requests_total", 60_000).exec().value()).samples())
        .hasSize(2);
  }

  @Test
  void cancelStopsAQuery() {
    Query q = engine.instantQuery(db, "http_requests_total", 60_000);
    q.cancel();
    assertThatThrownBy(q::exec)
        .isInstanceOf(QueryCanceledException.class)
        .hasMessage("query was canceled in expression evaluation");
  }

  /** A storage whose series iterators sleep before answering, to make a query outlive its timeout. */
  private record SlowStorage(Storage inner, long sleepMs) implements Storage {
    @Override
    public Appender appender() {
      return inner.appender();
    }

    @Override
    public Querier querier(long mint, long maxt) {
      Querier q = inner.querier(mint, maxt);
      return new Querier() {
        @Override
        public io.promethium.tsdb.SeriesSet select(boolean sorted, io.promethium.tsdb.SelectHints hints,
            io.promethium.tsdb.Matcher... matchers) {
          try {
            Thread.sleep(sleepMs);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return q.select(sorted, hints, matchers);
        }

        @Override
        public List<String> labelNames(io.promethium.tsdb.Matcher... matchers) {
          return q.labelNames(matchers);
        }

        @Override
        public List<String> labelValues(String name, io.promethium.tsdb.Matcher... matchers) {
          return q.labelValues(name, matchers);
        }

        @Override
        public void close() {
          q.close();
        }
      };
    }

    @Override
    public StorageStats stats(int limit) {
      return inner.stats(limit);
    }

    @Override
    public long minTime() {
      return inner.minTime();
    }

    @Override
    public long maxTime() {
      return inner.maxTime();
    }

    @Override
    public void close() {
    }
  }


  @Test
  void statsCountSamplesReadFromStorageAndThePeakHeld() {
    // At t=10m the window [5m, 10m] holds 21 samples (15 s apart) for each of job="a" and job="b".
    Result r = engine.instantQuery(db, "rate(http_requests_total[5m])", 600_000).exec();
    assertThat(r.totalQueryableSamples()).isEqualTo(42);
    assertThat(r.peakSamples()).isGreaterThanOrEqualTo(21);
    // An instant vector selector reads one sample per series and step.
    Result v = engine.rangeQuery(db, "http_requests_total{job=\"a\"}", 0, 600_000, 60_000).exec();
    assertThat(v.totalQueryableSamples()).isEqualTo(11);
    assertThat(v.peakSamples()).isGreaterThanOrEqualTo(11);
  }
}
