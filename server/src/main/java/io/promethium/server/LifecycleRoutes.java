package io.promethium.server;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /-/healthy}, {@code /-/ready}, {@code /-/reload} and {@code /-/quit} with Prometheus's
 * status codes and texts (checked against Prometheus 2.42): the method is checked before the
 * lifecycle flag, so a GET of {@code /-/reload} is 405 even when the lifecycle API is off.
 */
final class LifecycleRoutes {
  private LifecycleRoutes() {}

  /** What a reload reports: null on success, else the error text. */
  interface Reload extends Supplier<String> {}

  static void mount(Router router, boolean lifecycleEnabled, BooleanSupplier ready, Reload reload, Runnable quit) {
    router.route("/-/healthy").handler(ctx -> {
      if (!isGetOrHead(ctx)) {
        text(ctx, 405, "Method Not Allowed");
        return;
      }
      text(ctx, 200, "Prometheus Server is Healthy.\n");
    });
    router.route("/-/ready").handler(ctx -> {
      if (!isGetOrHead(ctx)) {
        text(ctx, 405, "Method Not Allowed");
        return;
      }
      if (ready.getAsBoolean()) {
        text(ctx, 200, "Prometheus Server is Ready.\n");
      } else {
        text(ctx, 503, "Service Unavailable");
      }
    });
    router.route("/-/reload").handler(ctx -> {
      if (!isPostOrPut(ctx)) {
        text(ctx, 405, "Only POST or PUT requests allowed\n");
      } else if (!lifecycleEnabled) {
        text(ctx, 403, "Lifecycle API is not enabled.\n");
      } else {
        ctx.vertx().<String>executeBlocking(reload::get, false).onComplete(ar -> {
          if (ar.failed()) {
            text(ctx, 500, "failed to reload config: " + ar.cause().getMessage() + "\n");
          } else if (ar.result() != null) {
            text(ctx, 500, "failed to reload config: " + ar.result() + "\n");
          } else {
            ctx.response().setStatusCode(200).end();
          }
        });
      }
    });
    router.route("/-/quit").handler(ctx -> {
      if (!isPostOrPut(ctx)) {
        text(ctx, 405, "Only POST or PUT requests allowed\n");
      } else if (!lifecycleEnabled) {
        text(ctx, 403, "Lifecycle API is not enabled.\n");
      } else {
        ctx.response().setStatusCode(200).end("Requesting termination... Goodbye!").onComplete(v -> quit.run());
      }
    });
  }

  private static boolean isGetOrHead(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    return m == HttpMethod.GET || m == HttpMethod.HEAD;
  }

  private static boolean isPostOrPut(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    return m == HttpMethod.POST || m == HttpMethod.PUT;
  }

  private static void text(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(body);
  }
}
