package io.promethium.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts and times every HTTP request as {@code prometheus_http_requests_total} and
 * {@code prometheus_http_request_duration_seconds}, labelled by the matched route's path (the
 * "handler" label in Prometheus) so that label values stay bounded.
 */
final class HttpMetricsHandler implements Handler<RoutingContext> {
  private final SelfMetrics metrics;

  HttpMetricsHandler(SelfMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addBodyEndHandler(v -> {
      Route route = ctx.currentRoute();
      String handler = route != null && route.getPath() != null ? route.getPath() : "other";
      metrics.httpRequest(handler, ctx.response().getStatusCode(), System.nanoTime() - start);
    });
    ctx.next();
  }
}
