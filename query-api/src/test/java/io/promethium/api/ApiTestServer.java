package io.promethium.api;

import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** A real Tsdb in a temp directory behind a real Vert.x HTTP server on a loopback port. */
final class ApiTestServer implements AutoCloseable {
  final Vertx vertx;
  final Tsdb tsdb;
  final HttpServer server;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private ApiTestServer(Vertx vertx, Tsdb tsdb, HttpServer server) {
    this.vertx = vertx;
    this.tsdb = tsdb;
    this.server = server;
  }

  static ApiTestServer start(Path dir, Consumer<Tsdb> load, Consumer<PrometheusApi.Builder> configure) throws Exception {
    Tsdb tsdb = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
    load.accept(tsdb);
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    PrometheusApi.Builder b = PrometheusApi.builder(tsdb).vertx(vertx);
    configure.accept(b);
    b.build().mount(router);
    // Compression on, as the server configures it: responses must survive gzip.
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    return new ApiTestServer(vertx, tsdb, server);
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + pathAndQuery);
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A form-encoded POST; {@code kv} alternates names and raw values. */
  HttpResponse<String> postForm(String path, String... kv) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(kv))).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder req) throws IOException, InterruptedException {
    return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String form(String... kv) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < kv.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    tsdb.close();
  }
}
