package io.promethium.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bit-level details found by running the PromQL compliance queries side by side with Prometheus
 * 2.42 (see src/test/resources/istio/compare_with_prometheus.py): they only show up as rare,
 * data-dependent differences, so each is pinned here with a minimal case.
 */
class PrometheusParityTest {
  @TempDir
  Path dir;
  Tsdb db;
  final Engine engine = new Engine();

  @BeforeEach
  void open() {
    db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
  }

  @AfterEach
  void close() throws IOException {
    db.close();
  }

  @Test
  void rateMultipliesByOneCombinedFactorAsPrometheusDoes() {
    // Samples of a histogram bucket from the compliance data at 15s spacing; Prometheus 2.42
    // answers 0.06666666666666665 here. Dividing the result twice instead gives ...67, which makes
    // histogram_quantile pick a different bucket when it compares counts with its rank.
    Appender app = db.appender();
    Labels l = Labels.of("__name__", "b");
    long base = 1_735_695_750_000L;
    double[] v = {225, 226, 226, 228};
    for (int i = 0; i < v.length; i++) {
      app.append(0, l, base + i * 15_000L, v[i]);
    }
    app.commit();
    Vector r = (Vector) engine.instantQuery(db, "rate(b[1m])", 1_735_695_800_000L).exec().value();
    assertThat(Double.doubleToRawLongBits(r.samples().get(0).v()))
        .isEqualTo(Double.doubleToRawLongBits(0.06666666666666665));
  }

  @Test
  void topkTiesAreBrokenLikePrometheusHeap() {
    // With a k-sized min-heap (Go's container/heap), a > b = c = ... : pushing a(5), b(5) keeps a at
    // the root, so c(6) evicts a, not b.
    Appender app = db.appender();
    app.append(0, Labels.of("__name__", "x", "s", "a"), 0, 5);
    app.append(0, Labels.of("__name__", "x", "s", "b"), 0, 5);
    app.append(0, Labels.of("__name__", "x", "s", "c"), 0, 6);
    app.commit();
    Vector top = (Vector) engine.instantQuery(db, "topk(2, x)", 0).exec().value();
    assertThat(top.samples()).extracting(s -> s.labels().get("s")).containsExactly("c", "b");
    Vector bottom = (Vector) engine.instantQuery(db, "bottomk(1, x)", 0).exec().value();
    assertThat(bottom.samples()).extracting(s -> s.labels().get("s")).containsExactly("a");
  }
}
