package io.promethium.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.promql.Engine;
import io.promethium.promql.EngineOptions;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error shapes of the query endpoints: too many samples, timeouts, the concurrency queue, bad ranges. */
class QueryLimitsTest {
  @TempDir
  Path dir;
  ApiTestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tooManySamplesIs422Execution() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b.engine(
        new Engine(EngineOptions.DEFAULT.withMaxSamples(10))));
    HttpResponse<String> resp = server.get("/api/v1/query?query=up%5B2m%5D&time=1795313184");
    assertThat(resp.statusCode()).isEqualTo(422);
    assertThat(resp.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":"
        + "\"query processing would load too many samples into memory in query execution\"}");
  }

  @Test
  void perRequestTimeoutIs503Timeout() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b.engine(new Engine()));
    HttpResponse<String> resp = server.get("/api/v1/query?query=" + "sum(count_over_time(up%5B1h%3A1ms%5D))"
        + "&timeout=10ms&time=1795313184");
    assertThat(resp.statusCode()).isEqualTo(503);
    assertThat(resp.body()).isEqualTo(
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}");
    // --query.timeout caps what a request may ask for
    try (ApiTestServer capped = ApiTestServer.start(dir.resolve("capped"), CaptureFixture::load, b -> b
        .options(ApiOptions.defaults().withQueryTimeoutMs(10)).engine(new Engine()))) {
      HttpResponse<String> r2 = capped.get("/api/v1/query?query=sum(count_over_time(up%5B1h%3A1ms%5D))"
          + "&timeout=1h&time=1795313184");
      assertThat(r2.statusCode()).isEqualTo(503);
      assertThat(r2.body()).contains("\"errorType\":\"timeout\"");
    }
  }

  @Test
  void queriesBeyondTheConcurrencyLimitWaitThenTimeOutInTheQueue() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b
        .options(ApiOptions.defaults().withMaxConcurrency(1)).engine(new Engine()));
    // One slow query holds the only slot; a second with a short timeout cannot get in.
    CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return server.get("/api/v1/query?query=sum(count_over_time(up%5B1d%3A1ms%5D))&timeout=2s&time=1795313184");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<HttpResponse<String>> quick = new ArrayList<>();
    for (int i = 0; i < 20 && !slow.isDone(); i++) {
      Thread.sleep(50);
      quick.add(server.get("/api/v1/query?query=1&timeout=20ms&time=1"));
    }
    assertThat(slow.get().body()).contains("\"errorType\":\"timeout\"");
    assertThat(quick).anySatisfy(r -> {
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).isEqualTo(
          "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query queue\"}");
    });
    // Once the slot is free again queries run normally.
    assertThat(server.get("/api/v1/query?query=1&time=1").body())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}");
  }

  @Test
  void clientDisconnectCancelsTheRunningQuery() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b
        .options(ApiOptions.defaults().withMaxConcurrency(1)).engine(new Engine()));
    // A query that would run for minutes holds the only slot; its client gives up.
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    CompletableFuture<HttpResponse<String>> slow = client.sendAsync(java.net.http.HttpRequest.newBuilder(
        server.uri("/api/v1/query?query=sum(count_over_time(up%5B1d%3A1ms%5D))&timeout=10m&time=1795313184"))
        .build(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);
    assertThat(slow.isDone()).as("slow query still running: %s", slow.isDone() ? slow.join().body() : "").isFalse();
    client.shutdownNow(); // closes the connection, as a browser tab or Grafana giving up does
    // Had the query kept its slot (left alone it runs for minutes), this one would time out in the queue.
    HttpResponse<String> next = server.get("/api/v1/query?query=1&timeout=20s&time=1");
    assertThat(next.body())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}");
  }

  /**
   * Queries queued behind the concurrency limit wait on the API's own threads, not Vert.x workers:
   * with more waiting queries than the worker pool has threads (20), other endpoints still answer.
   * Disconnecting the waiting clients then empties the queue.
   */
  @Test
  void queuedQueriesDoNotBlockOtherEndpoints() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b
        .options(ApiOptions.defaults().withMaxConcurrency(1)).engine(new Engine()));
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      waiting.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(server.uri(
          "/api/v1/query?query=sum(count_over_time(up%5B2h%3A1ms%5D))&timeout=60s&time=1795313184")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(500);
    HttpResponse<String> labels = server.client.send(java.net.http.HttpRequest.newBuilder(
        server.uri("/api/v1/label/job/values")).timeout(java.time.Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(labels.body())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"prometheus\",\"relabel-demo\",\"remote\"]}");
    assertThat(waiting).anySatisfy(f -> assertThat(f).isNotDone());
    client.shutdownNow();
    HttpResponse<String> next = server.get("/api/v1/query?query=1&timeout=10s&time=1");
    assertThat(next.body())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"]}}");
  }

  @Test
  void rangeQueryValidationMatchesPrometheus() throws Exception {
    server = ApiTestServer.start(dir, CaptureFixture::load, b -> b.engine(new Engine()));
    assertThat(server.get("/api/v1/query_range?query=up&start=abc&end=1&step=1").body()).isEqualTo(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"start\\\": cannot parse "
            + "\\\"abc\\\" to a valid timestamp\"}");
    assertThat(server.get("/api/v1/query_range?query=up&start=2&end=1&step=1").body()).isEqualTo(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"end\\\": end timestamp "
            + "must not be before start time\"}");
    assertThat(server.get("/api/v1/query_range?query=up&start=1&end=2").body()).isEqualTo(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"step\\\": cannot parse "
            + "\\\"\\\" to a valid duration\"}");
    // exactly 11,000 steps is allowed, one more is not
    assertThat(server.get("/api/v1/query_range?query=1&start=0&end=11000&step=1").statusCode()).isEqualTo(200);
    assertThat(server.get("/api/v1/query_range?query=1&start=0&end=11001&step=1").statusCode()).isEqualTo(400);
    assertThat(server.get("/api/v1/query_range?query=up%5B5m%5D&start=1&end=2&step=1").body()).isEqualTo(
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": invalid "
            + "expression type \\\"range vector\\\" for range query, must be Scalar or instant Vector\"}");
    assertThat(server.get("/api/v1/query_range?query=1&start=0&end=1&step=1m30s").body()).isEqualTo(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":"
            + "[[0,\"1\"]]}]}}");
  }
}
