package io.promethium.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions that drop the metric name build the name-less label sets lazily and skip the
 * duplicate lookup while all inputs share one name; results and Prometheus's duplicate error must
 * be exactly as with eager label sets.
 */
class NameDroppingTest {
  @TempDir Path dir;
  Tsdb db;
  final Engine engine = new Engine();

  @BeforeEach
  void load() {
    db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
    Appender app = db.appender();
    for (int i = 0; i <= 8; i++) {
      long t = i * 15_000L;
      app.append(0, Labels.of("__name__", "a", "k", "1", "z", "p"), t, i);
      app.append(0, Labels.of("__name__", "a", "k", "2", "z", "q"), t, 2 * i);
      app.append(0, Labels.of("__name__", "b", "k", "2", "z", "q"), t, 3 * i);
      app.append(0, Labels.of("__name__", "c", "k", "3"), t, 4 * i);
    }
    app.commit();
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private Map<String, Double> eval(String q) {
    Map<String, Double> out = new TreeMap<>();
    for (Sample s : ((Vector) engine.instantQuery(db, q, 120_000).exec().value()).samples()) {
      out.put(s.labels().toString(), s.v());
    }
    return out;
  }

  @Test
  void namesDroppedOnOutput() {
    assertThat(eval("rate(a[2m])")).containsOnlyKeys("{k=\"1\", z=\"p\"}", "{k=\"2\", z=\"q\"}");
    assertThat(eval("abs(a)")).containsOnlyKeys("{k=\"1\", z=\"p\"}", "{k=\"2\", z=\"q\"}");
    assertThat(eval("-a")).containsOnlyKeys("{k=\"1\", z=\"p\"}", "{k=\"2\", z=\"q\"}");
    assertThat(eval("a * 2")).containsOnlyKeys("{k=\"1\", z=\"p\"}", "{k=\"2\", z=\"q\"}");
    assertThat(eval("last_over_time(a[2m])")).containsOnlyKeys("a{k=\"1\", z=\"p\"}", "a{k=\"2\", z=\"q\"}");
  }

  @Test
  void duplicatesAfterDroppingDifferentNamesAreStillAnError() {
    // a{k="2",z="q"} and b{k="2",z="q"} meet after the first name change.
    for (String q : new String[] {"rate({__name__=~\"a|b\"}[2m])", "abs({__name__=~\"a|b\"})", "-{__name__=~\"a|b\"}",
        "{__name__=~\"a|b\"} * 2", "sum by (k, z) (rate({__name__=~\"a|b\"}[2m]))"}) {
      assertThatThrownBy(() -> eval(q)).as(q).isInstanceOf(QueryExecutionException.class)
          .hasMessage("vector cannot contain metrics with the same labelset");
    }
    assertThat(eval("rate({__name__=~\"a|c\"}[2m])")).hasSize(3);
  }

  @Test
  void aggregationsOverNameDroppedSeries() {
    assertThat(eval("sum by (k) (rate({__name__=~\"a|c\"}[2m]))")).containsOnlyKeys("{k=\"1\"}", "{k=\"2\"}", "{k=\"3\"}");
    // Grouping by __name__ sees the dropped name: one group without labels.
    assertThat(eval("sum by (__name__) (rate({__name__=~\"a|c\"}[2m]))")).containsOnlyKeys("{}");
    assertThat(eval("count by (__name__, k) (abs(a))")).containsOnlyKeys("{k=\"1\"}", "{k=\"2\"}");
    assertThat(eval("sum without (z) (rate(a[2m]))")).containsOnlyKeys("{k=\"1\"}", "{k=\"2\"}");
    assertThat(eval("sum without (k) (a * 2)")).containsOnlyKeys("{z=\"p\"}", "{z=\"q\"}");
    assertThat(eval("sum by (k) (rate(a[2m]))").get("{k=\"2\"}")).isEqualTo(eval("rate(a{k=\"2\"}[2m])").get("{k=\"2\", z=\"q\"}"));
    assertThat(eval("topk(1, rate(a[2m]))")).containsOnlyKeys("{k=\"2\", z=\"q\"}");
  }
}
