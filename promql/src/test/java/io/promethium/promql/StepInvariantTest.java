package io.promethium.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.MatrixSeries;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range queries over expressions pinned with {@code @}, table-driven from
 * {@code stepinvariant/range-2.42.tsv}: each row is the exact result Prometheus 2.42.0 returned for
 * the query from 1800s to 2160s every 60s, on the same data as loaded here. Step-invariant subtrees
 * are evaluated once at the start and repeated; where Prometheus evaluates a pinned selector at
 * every step instead (predict_linear's range, aggregation parameters) its "@ as offset" behaviour,
 * with the storage query still ending at the pinned time, is reproduced, and so is timestamp()'s
 * own re-pinning (it looks back from the pinned time, not from pinned time minus offset).
 */
class StepInvariantTest {
  private static final long START = 1_800_000;
  private static final long END = 2_160_000;
  private static final long STEP = 60_000;

  @TempDir
  static Path dir;
  static Tsdb db;
  final Engine engine = new Engine();

  record Case(String query, List<String> series, String error) {}

  @BeforeAll
  static void load() {
    db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
    Appender app = db.appender();
    for (int i = 0; i <= 240; i++) {
      long t = i * 15L;
      app.append(0, Labels.of("__name__", "x", "job", "a"), t * 1000, (t / 60.0) * (t / 60.0));
      app.append(0, Labels.of("__name__", "x", "job", "b"), t * 1000, i * 2.0);
    }
    app.append(0, Labels.of("__name__", "y"), 1_150_000, 7);
    app.commit();
  }

  @AfterAll
  static void close() throws IOException {
    db.close();
  }

  @TestFactory
  Stream<DynamicTest> rangeResultsMatchPrometheus() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/stepinvariant/range-2.42.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        switch (cols[0]) {
          case "Q" -> cases.add(new Case(cols[1], new ArrayList<>(), null));
          case "S" -> cases.getLast().series().add(cols[1] + "\t" + cols[2]);
          case "E" -> cases.set(cases.size() - 1, new Case(cases.getLast().query(), List.of(), cols[1]));
          default -> throw new IllegalStateException("bad line " + line);
        }
      }
    }
    assertThat(cases).hasSizeGreaterThan(20);
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.query(), () -> check(c)));
  }

  private void check(Case c) {
    if (c.error() != null) {
      assertThatThrownBy(() -> engine.rangeQuery(db, c.query(), START, END, STEP).exec())
          .isInstanceOf(QueryExecutionException.class)
          .hasMessage(c.error());
      return;
    }
    Matrix m = (Matrix) engine.rangeQuery(db, c.query(), START, END, STEP).exec().value();
    assertThat(m.series()).hasSameSizeAs(c.series());
    for (int k = 0; k < m.series().size(); k++) {
      MatrixSeries got = m.series().get(k);
      String[] want = c.series().get(k).split("\t");
      assertThat(text(got.labels())).as("labels").isEqualTo(want[0]);
      String[] points = want[1].split(",");
      assertThat(got.size()).as("points of %s", want[0]).isEqualTo(points.length);
      for (int i = 0; i < points.length; i++) {
        String[] tv = points[i].split("=");
        assertThat(got.ts()[i]).isEqualTo(Long.parseLong(tv[0]) * 1000);
        double v = Double.parseDouble(tv[1]);
        if (Double.isNaN(v)) {
          assertThat(got.vs()[i]).as("%s at %s", want[0], tv[0]).isNaN();
          continue;
        }
        assertThat(got.vs()[i]).as("%s at %s", want[0], tv[0])
            .isCloseTo(v, org.assertj.core.data.Offset.offset(Math.abs(v) * 1e-12));
      }
    }
  }

  private static String text(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      sb.append(i > 0 ? "," : "").append(l.name(i)).append("=\"").append(l.value(i)).append('"');
    }
    return sb.append('}').toString();
  }

  @Test
  void timestampLooksBackFromThePinnedTimeInInstantQueriesToo() {
    // Prometheus 2.42 at time=1500: y @ 1500 offset 2m -> 7, timestamp() of it -> nothing,
    // timestamp(y @ 1400 offset 2m) -> 1150.
    io.promethium.promql.value.Vector plain =
        (io.promethium.promql.value.Vector) engine.instantQuery(db, "y @ 1500 offset 2m", 1_500_000).exec().value();
    assertThat(plain.samples()).extracting(io.promethium.promql.value.Sample::v).containsExactly(7.0);
    io.promethium.promql.value.Vector ts = (io.promethium.promql.value.Vector)
        engine.instantQuery(db, "timestamp(y @ 1500 offset 2m)", 1_500_000).exec().value();
    assertThat(ts.samples()).isEmpty();
    io.promethium.promql.value.Vector earlier = (io.promethium.promql.value.Vector)
        engine.instantQuery(db, "timestamp(y @ 1400 offset 2m)", 1_500_000).exec().value();
    assertThat(earlier.samples()).extracting(io.promethium.promql.value.Sample::v).containsExactly(1150.0);
  }

  @Test
  void invariantSubtreesAreFoundAsPrometheusWrapsThem() {
    var parse = (java.util.function.Function<String, io.promethium.promql.ast.Expr>)
        io.promethium.promql.parser.QueryParser::parse;
    // Entirely pinned: the root is evaluated once.
    io.promethium.promql.ast.Expr root = parse.apply("sum(rate(x[5m] @ 100)) * 2");
    assertThat(StepInvariance.of(root)).containsExactly(root);
    // Unpinned parts: only the pinned side of a binary operation is marked.
    io.promethium.promql.ast.BinaryExpr b =
        (io.promethium.promql.ast.BinaryExpr) parse.apply("x @ 100 + x");
    assertThat(StepInvariance.of(b)).containsExactly(b.lhs());
    // time() and the other @-unsafe functions are never invariant; their pinned arguments are.
    io.promethium.promql.ast.Call c = (io.promethium.promql.ast.Call) parse.apply("hour(x @ 100)");
    assertThat(StepInvariance.of(c)).containsExactly(c.args().get(0));
    assertThat(StepInvariance.of(parse.apply("x + time()"))).isEmpty();
    // A subquery's inner expression is marked even when the subquery itself is not pinned.
    io.promethium.promql.ast.Call over = (io.promethium.promql.ast.Call) parse.apply("max_over_time((x @ 5)[1m:])");
    io.promethium.promql.ast.SubqueryExpr sq = (io.promethium.promql.ast.SubqueryExpr) over.args().get(0);
    assertThat(StepInvariance.of(over)).containsExactly(sq.expr());
  }
}
