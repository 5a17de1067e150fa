package io.promethium.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every PromQL expression of Istio's Grafana dashboards, with Grafana's variables substituted the
 * way Grafana does, parses and runs as an instant and a range query on a small simulated mesh.
 */
class IstioDashboardQueriesTest {
  private static Path dir;
  private static Tsdb db;
  private static final Engine ENGINE = new Engine();
  private static final long END = 30 * 60_000L;

  @BeforeAll
  static void load() throws IOException {
    dir = Files.createTempDirectory("istio");
    db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
    Appender app = db.appender();
    String[] services = {"reviews", "ratings", "details"};
    String[] codes = {"200", "503"};
    String[] les = {"1", "5", "10", "50", "100", "+Inf"};
    for (long t = 0; t <= END; t += 15_000) {
      double k = t / 15_000.0;
      for (String svc : services) {
        for (String code : codes) {
          Labels base = Labels.of("reporter", "destination", "destination_service", svc + ".default.svc.cluster.local",
              "destination_service_name", svc, "destination_service_namespace", "default",
              "destination_workload", svc + "-v1", "destination_workload_namespace", "default",
              "source_workload", "productpage-v1", "source_workload_namespace", "default",
              "response_code", code, "connection_security_policy", "mutual_tls", "source_cluster", "c1",
              "destination_cluster", "c1", "request_protocol", "http", "response_flags", "-");
          double rate = code.equals("200") ? 10 : 1;
          app.append(0, base.toBuilder().set("__name__", "istio_requests_total").build(), t, k * rate);
          for (int i = 0; i < les.length; i++) {
            app.append(0, base.toBuilder().set("__name__", "istio_request_duration_milliseconds_bucket")
                .set("le", les[i]).build(), t, k * rate * (i + 1) / les.length);
          }
          app.append(0, base.toBuilder().set("__name__", "istio_request_bytes_sum").build(), t, k * 100);
          app.append(0, base.toBuilder().set("__name__", "istio_request_bytes_count").build(), t, k);
        }
        app.append(0, Labels.of("__name__", "istio_tcp_sent_bytes_total", "reporter", "destination",
            "destination_service", svc + ".default.svc.cluster.local", "destination_workload", svc + "-v1"), t, k * 1000);
      }
      app.append(0, Labels.of("__name__", "process_cpu_seconds_total", "app", "istiod", "job", "pilot"), t, k * 0.1);
      app.append(0, Labels.of("__name__", "go_goroutines", "app", "istiod"), t, 120);
    }
    app.commit();
  }

  @AfterAll
  static void close() throws IOException {
    db.close();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Grafana's substitution for the dashboards' variables: ".*" for multi-value regex variables. */
  static String substitute(String q) {
    return q.replace("$__rate_interval", "1m")
        .replace("$service", "reviews.default.svc.cluster.local")
        .replace("$qrep", "destination")
        .replace("$namespace", "default")
        .replace("$workload", "reviews-v1")
        .replace("$dstsvc", ".*")
        .replace("$dstcluster", ".*")
        .replace("$srccluster", ".*")
        .replace("$dstns", ".*")
        .replace("$srcns", ".*")
        .replace("$dstwl", ".*")
        .replace("$srcwl", ".*");
  }

  static List<String> queries() throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = IstioDashboardQueriesTest.class.getResourceAsStream("/istio/dashboard-queries.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("label_values(")) {
          continue; // label_values is answered by /api/v1/label/.../values, not by PromQL
        }
        if (line.startsWith("query_result(")) {
          line = line.substring("query_result(".length(), line.length() - 1);
        }
        out.add(substitute(line));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyDashboardQueryRuns() throws IOException {
    List<String> qs = queries();
    assertThat(qs).hasSizeGreaterThan(200);
    return qs.stream().distinct().map(q -> DynamicTest.dynamicTest(q, () -> {
      assertThat(ENGINE.instantQuery(db, q, END).exec().value()).isInstanceOf(Vector.class);
      assertThat(ENGINE.rangeQuery(db, q, END - 20 * 60_000L, END, 15_000).exec().value()).isInstanceOf(Matrix.class);
    }));
  }

  @Test
  void keyPanelsHaveTheExpectedValues() {
    // Request volume of one service: (10 + 1) requests per 15s = 0.7333/s.
    Vector v = (Vector) ENGINE.instantQuery(db, "round(sum(irate(istio_requests_total{reporter=\"destination\","
        + "destination_service=~\"reviews.default.svc.cluster.local\"}[1m])), 0.001)", END).exec().value();
    assertThat(v.samples()).hasSize(1);
    assertThat(v.samples().get(0).v()).isEqualTo(0.733);
    // Success rate: 10 of 11 requests are not 5xx.
    Vector ok = (Vector) ENGINE.instantQuery(db, "sum(rate(istio_requests_total{response_code!~\"5.*\"}[1m]))"
        + " / sum(rate(istio_requests_total[1m]))", END).exec().value();
    assertThat(ok.samples().get(0).v()).isCloseTo(10.0 / 11, org.assertj.core.data.Offset.offset(1e-9));
  }
}
