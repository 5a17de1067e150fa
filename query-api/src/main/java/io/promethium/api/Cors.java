package io.promethium.api;

import com.google.re2j.Pattern;
import io.vertx.core.MultiMap;

/**
 * CORS headers as Prometheus's httputil.SetCORS sets them: only when the request has an Origin;
 * {@code Access-Control-Allow-Origin: *} when {@code --web.cors.origin} is {@code .*}, else the
 * origin itself if the anchored regex matches it.
 */
final class Cors {
  private final Pattern origin;
  private final boolean any;

  Cors(String originRegex) {
    this.origin = Pattern.compile("^(?:" + originRegex + ")$");
    this.any = originRegex.equals(".*");
  }

  void apply(String requestOrigin, MultiMap responseHeaders) {
    if (requestOrigin == null || requestOrigin.isEmpty()) {
      return;
    }
    responseHeaders.set("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
    responseHeaders.set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    responseHeaders.set("Access-Control-Expose-Headers", "Date");
    responseHeaders.set("Vary", "Origin");
    if (any) {
      responseHeaders.set("Access-Control-Allow-Origin", "*");
    } else if (origin.matcher(requestOrigin).matches()) {
      responseHeaders.set("Access-Control-Allow-Origin", requestOrigin);
    }
  }
}
