package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.StaleNaN;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request handling rules pinned against what Prometheus 2.42 does (observed on the local 2.42 binary). */
class ApiBehaviourTest {
  @TempDir
  Path dir;
  ApiTestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private void start(java.util.function.Consumer<PrometheusApi.Builder> configure) throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, configure);
  }

  @Test
  void jsonStringsEscapeHtmlLikeGo() throws Exception {
    start(b -> { });
    Appender app = server.tsdb.appender();
    app.append(0, Labels.of("__name__", "esc", "a", "<&>\u2028\"\\\n"), 1000, 1);
    app.commit();
    assertThat(server.get("/api/v1/series?match%5B%5D=esc").body()).isEqualTo(
        "{\"status\":\"success\",\"data\":[{\"__name__\":\"esc\",\"a\":\"\\u003c\\u0026\\u003e\\u2028\\\"\\\\\\n\"}]}");
  }

  @Test
  void postFormEqualsGetAndBodyValuesWin() throws Exception {
    start(b -> { });
    String get = server.get("/api/v1/series?match%5B%5D=up").body();
    assertThat(server.postForm("/api/v1/series", "match[]", "up").body()).isEqualTo(get);
    // Go's r.Form: repeated parameters from body and URL both count ...
    HttpResponse<String> both = server.postForm("/api/v1/series?match%5B%5D=rw_demo_total", "match[]", "up");
    assertThat(both.body()).contains("\"job\":\"remote\"", "\"job\":\"relabel-demo\"");
    // ... and for single values (FormValue) the body's comes first.
    HttpResponse<String> time = server.postForm("/api/v1/labels?start=abc", "start", "1795313124");
    assertThat(time.statusCode()).isEqualTo(200);
  }

  @Test
  void gzipWhenAsked() throws Exception {
    start(b -> { });
    String plain = server.get("/api/v1/labels").body();
    HttpResponse<byte[]> gz = server.client.send(HttpRequest.newBuilder(server.uri("/api/v1/labels"))
        .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
    }
  }

  @Test
  void notReadyAnswers503Text() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    start(b -> b.ready(ready::get));
    HttpResponse<String> resp = server.get("/api/v1/labels");
    assertThat(resp.statusCode()).isEqualTo(503);
    assertThat(resp.body()).isEqualTo("Service Unavailable\n");
    ready.set(true);
    assertThat(server.get("/api/v1/labels").statusCode()).isEqualTo(200);
  }

  @Test
  void adminApiDisabledIsUnavailable500() throws Exception {
    start(b -> { });
    for (String path : new String[] {"delete_series?match%5B%5D=up", "clean_tombstones", "snapshot"}) {
      HttpResponse<String> resp = server.send(HttpRequest.newBuilder(server.uri("/api/v1/admin/tsdb/" + path))
          .POST(HttpRequest.BodyPublishers.noBody()));
      assertThat(resp.statusCode()).as(path).isEqualTo(500);
      assertThat(resp.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"admin APIs disabled\"}");
    }
    assertThat(server.send(HttpRequest.newBuilder(server.uri("/api/v1/admin/tsdb/snapshot")).GET()).statusCode())
        .isEqualTo(405);
  }

  @Test
  void corsFollowsTheOriginRegex() throws Exception {
    start(b -> b.options(ApiOptions.defaults().withCorsOrigin("https://grafana\\.example")));
    HttpResponse<String> ok = server.send(HttpRequest.newBuilder(server.uri("/api/v1/labels"))
        .header("Origin", "https://grafana.example"));
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://grafana.example");
    assertThat(ok.headers().firstValue("Vary")).hasValue("Origin");
    HttpResponse<String> other = server.send(HttpRequest.newBuilder(server.uri("/api/v1/labels"))
        .header("Origin", "https://evil.example"));
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, OPTIONS");
    HttpResponse<String> none = server.get("/api/v1/labels");
    assertThat(none.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
  }

  @Test
  void matcherErrorsAreWordedPerEndpoint() throws Exception {
    start(b -> { });
    // /series prefixes with the parameter name, /labels and /label/../values do not (2.42).
    assertThat(server.get("/api/v1/series?match%5B%5D=up%7B").body()).isEqualTo("{\"status\":\"error\","
        + "\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": 1:4: parse error: "
        + "unexpected end of input inside braces\"}");
    assertThat(server.get("/api/v1/series?match%5B%5D=%7Ba%3D%22%22%7D").body()).isEqualTo("{\"status\":\"error\","
        + "\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"match[]\\\": match[] must contain at least "
        + "one non-empty matcher\"}");
    assertThat(server.get("/api/v1/label/job/values?match%5B%5D=up%7B").body()).isEqualTo("{\"status\":\"error\","
        + "\"errorType\":\"bad_data\",\"error\":\"1:4: parse error: unexpected end of input inside braces\"}");
    assertThat(server.get("/api/v1/label/a-b/values").body()).isEqualTo(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid label name: \\\"a-b\\\"\"}");
    assertThat(server.get("/api/v1/series?match%5B%5D=up&start=x").body()).isEqualTo("{\"status\":\"error\","
        + "\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"start\\\": Invalid time value for 'start': "
        + "cannot parse \\\"x\\\" to a valid timestamp\"}");
    assertThat(server.get("/api/v1/rules?type=x").body()).isEqualTo("{\"status\":\"error\",\"errorType\":"
        + "\"bad_data\",\"error\":\"invalid parameter \\\"type\\\": not supported value \\\"x\\\"\"}");
    HttpResponse<String> del = server.send(HttpRequest.newBuilder(server.uri("/api/v1/series?match%5B%5D=up"))
        .DELETE());
    assertThat(del.statusCode()).isEqualTo(500);
    assertThat(del.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"not implemented\"}");
  }

  @Test
  void seriesMergesSelectorsAndRespectsTheTimeRange() throws Exception {
    start(b -> { });
    assertThat(server.get("/api/v1/series?match%5B%5D=rw_demo_total&match%5B%5D=%7Bjob%3D%22remote%22%7D").body())
        .isEqualTo("{\"status\":\"success\",\"data\":[{\"__name__\":\"rw_demo_total\",\"job\":\"remote\"}]}");
    assertThat(server.get("/api/v1/label/job/values?match%5B%5D=up").body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"prometheus\",\"relabel-demo\"]}");
    assertThat(server.postForm("/api/v1/label/job/values").statusCode()).isEqualTo(405);
    assertThat(server.get("/api/v1/series?match%5B%5D=up&start=0&end=1000").body())
        .isEqualTo("{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void federateServesLatestSamplesWithExternalLabels() throws Exception {
    start(b -> b.options(ApiOptions.defaults().withExternalLabels(Labels.of("cluster", "demo", "zone", "z1"))));
    long now = System.currentTimeMillis();
    Appender app = server.tsdb.appender();
    app.append(0, Labels.of("__name__", "fed_a", "job", "j", "zone", "mine"), now - 20_000, 1);
    app.append(0, Labels.of("__name__", "fed_a", "job", "j", "zone", "mine"), now - 10_000, 1e6);
    app.append(0, Labels.of("__name__", "fed_a", "job", "k", "instance", "i:1"), now - 10_000, -0.5);
    app.append(0, Labels.of("__name__", "fed_b", "job", "j"), now - 10_000, 2);
    app.append(0, Labels.of("__name__", "fed_b", "job", "j"), now - 5_000, StaleNaN.VALUE);
    app.append(0, Labels.of("__name__", "fed_c", "job", "old"), now - 400_000, 3);
    app.commit();
    HttpResponse<String> resp = server.get("/federate?match%5B%5D=%7B__name__%3D~%22fed_.*%22%7D");
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(resp.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(resp.body()).isEqualTo("# TYPE fed_a untyped\n"
        + "fed_a{instance=\"i:1\",job=\"k\",cluster=\"demo\",zone=\"z1\"} -0.5 " + (now - 10_000) + "\n"
        + "fed_a{job=\"j\",zone=\"mine\",cluster=\"demo\",instance=\"\"} 1e+06 " + (now - 10_000) + "\n");
    HttpResponse<String> bad = server.get("/federate?match%5B%5D=up%7B");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("1:4: parse error: unexpected end of input inside braces\n");
  }

  @Test
  void queryEndpointsWithoutEngineAreUnavailable() throws Exception {
    start(b -> { });
    HttpResponse<String> resp = server.get("/api/v1/query?query=up");
    assertThat(resp.statusCode()).isEqualTo(500);
    assertThat(resp.body()).contains("\"errorType\":\"unavailable\"");
  }
}
