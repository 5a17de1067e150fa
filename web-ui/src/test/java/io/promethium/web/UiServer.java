package io.promethium.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** The UI plus a {@link RecordedApi} on one router, on 127.0.0.1 and a free port, as the server module will mount them. */
final class UiServer implements AutoCloseable {
  final Vertx vertx;
  final HttpServer server;
  final RecordedApi api;

  UiServer(RecordedApi api) throws Exception {
    this.api = api;
    this.vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new WebUi().load().mount(router);
    api.mount(router);
    this.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
