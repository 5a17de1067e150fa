package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promethium.promql.Engine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests Grafana's Prometheus data source sends when it is saved and a dashboard loads
 * (ENDPOINTS.md §9), in order, with Grafana's parameter styles (form POSTs, limit=40000, ms times on
 * the exemplar probe, step-aligned ranges).
 */
class GrafanaSessionTest {
  @TempDir
  static Path dir;
  static ApiTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b.engine(new Engine())
        .buildInfo(new BuildInfo("2.42.0", "abc", "main", "promethium", "20261122", "java25", "0.1.0"))
        .metadata(CaptureFixture.METADATA));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static JsonObject success(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject o = new JsonObject(r.body());
    assertThat(o.getString("status")).isEqualTo("success");
    return o;
  }

  @Test
  void dashboardLoadSequence() throws Exception {
    // "Save & test": health check then flavour detection
    assertThat(success(server.postForm("/api/v1/query", "query", "1+1", "time", "4")).getJsonObject("data").encode())
        .isEqualTo("{\"resultType\":\"scalar\",\"result\":[4,\"2\"]}");
    JsonObject build = success(server.get("/api/v1/status/buildinfo")).getJsonObject("data");
    assertThat(build.getString("version")).startsWith("2.");
    assertThat(build.containsKey("features")).as("no features key: plain Prometheus, not Mimir").isFalse();
    // data source init
    assertThat(success(server.get("/api/v1/rules")).getJsonObject("data").getJsonArray("groups")).isEmpty();
    assertThat(success(server.get("/api/v1/query_exemplars?query=test&start=1795311997000&end=1795313797000"))
        .getJsonArray("data")).isEmpty();
    // metrics browser / autocomplete
    JsonArray labels = success(server.postForm("/api/v1/labels", "start", "1795310197", "end", "1795313797",
        "limit", "40000")).getJsonArray("data");
    assertThat(labels).contains("__name__", "job", "instance");
    assertThat(success(server.get("/api/v1/label/__name__/values?start=1795310197&end=1795313797&limit=40000"))
        .getJsonArray("data")).contains("up", "rw_demo_total");
    assertThat(success(server.get("/api/v1/label/job/values?match%5B%5D=%7B__name__%3D%22up%22%7D"
        + "&start=1795310197&end=1795313797")).getJsonArray("data")).containsExactly("prometheus", "relabel-demo");
    assertThat(success(server.get("/api/v1/metadata")).getJsonObject("data").fieldNames())
        .contains("prometheus_build_info");
    JsonArray all = success(server.postForm("/api/v1/series", "match[]", "{__name__!=\"\"}", "start", "1795310197",
        "end", "1795313797", "limit", "40000")).getJsonArray("data");
    assertThat(all).hasSize(7);
    // variables: query_result(...) as an instant query at the range end
    assertThat(success(server.postForm("/api/v1/query", "query", "count by (job) (up)", "time", "1795313188"))
        .getJsonObject("data").getJsonArray("result")).hasSize(2);
    // panels: range query aligned to the step, with Grafana's computed interval
    JsonObject range = success(server.postForm("/api/v1/query_range", "query", "sum by (job) (rate(rw_demo_total[1m0s]))",
        "start", "1795313130", "end", "1795313175", "step", "15")).getJsonObject("data");
    assertThat(range.getString("resultType")).isEqualTo("matrix");
    JsonArray values = range.getJsonArray("result").getJsonObject(0).getJsonArray("values");
    assertThat(values).hasSize(4);
    for (int i = 0; i < values.size(); i++) {
      // rw_demo_total grows by 1 every 5 s
      assertThat(values.getJsonArray(i).getLong(0)).isEqualTo(1795313130L + 15L * i);
      assertThat(Double.parseDouble(values.getJsonArray(i).getString(1))).isCloseTo(0.2, within(1e-12));
    }
  }
}
