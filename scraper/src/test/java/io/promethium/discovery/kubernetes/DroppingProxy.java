package io.promethium.discovery.kubernetes;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A loopback TCP proxy in front of the mock API server that can cut every open connection (a dropped watch). */
final class DroppingProxy implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private final NetServer server;

  DroppingProxy(String targetHost, int targetPort) throws Exception {
    NetClient client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(in -> {
      in.pause();
      client.connect(targetPort, targetHost).onSuccess(out -> {
        sockets.add(in);
        sockets.add(out);
        in.handler(out::write);
        out.handler(in::write);
        in.closeHandler(v -> out.close());
        out.closeHandler(v -> in.close());
        in.resume();
      }).onFailure(e -> in.close());
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  /** Closes every connection made so far; new ones are accepted again. */
  int dropAll() {
    int n = 0;
    for (NetSocket s : sockets) {
      s.close();
      n++;
    }
    sockets.clear();
    return n;
  }

  private boolean closed;

  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
