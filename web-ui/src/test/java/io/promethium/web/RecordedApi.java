package io.promethium.web;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the query-api module in the UI's browser tests: answers {@code /api/v1/*} with
 * responses recorded from a real Prometheus 2.42 (src/test/resources/prometheus-2.42, see
 * PROVENANCE.md). A request matches a recording by path plus its {@code query} and
 * {@code match[]} parameters; times and steps are ignored because the UI asks for "now".
 * Every request is logged so tests can check what the UI asked for.
 */
final class RecordedApi {

  /** One recorded exchange: status code and JSON body. */
  record Recording(int status, String body) {}

  private final Map<String, Recording> recordings = new HashMap<>();
  private final List<MultiMap> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> requestPaths = Collections.synchronizedList(new ArrayList<>());

  /** Loads the named files from the prometheus-2.42 test resource folder. */
  static RecordedApi load(String... files) {
    RecordedApi api = new RecordedApi();
    for (String f : files) {
      api.addFile(f);
    }
    return api;
  }

  void addFile(String file) {
    String text = read("prometheus-2.42/" + file);
    // Layout: "# request: GET /path?query \n" "HTTP/1.1 200 ...\n" headers "\n" body
    String first = text.substring(0, text.indexOf('\n')).trim();
    String target = first.split(" ")[3];
    String statusLine = text.substring(text.indexOf('\n') + 1, text.indexOf('\n', text.indexOf('\n') + 1));
    int status = Integer.parseInt(statusLine.split(" ")[1].trim());
    String body = text.substring(text.indexOf("\n\n") + 2).trim();
    URI uri = URI.create("http://x" + target);
    Map<String, List<String>> params = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      }
    }
    put(key(uri.getPath(), params.get("query") == null ? null : params.get("query").get(0),
        params.getOrDefault("match[]", List.of())), new Recording(status, body));
  }

  void put(String key, Recording r) {
    recordings.put(key, r);
  }

  /** Adds a generated (not recorded) response for a query expression on one endpoint. */
  void putQuery(String path, String expr, String body) {
    put(key(path, expr, List.of()), new Recording(200, body));
  }

  static String key(String path, String query, List<String> matchers) {
    StringBuilder sb = new StringBuilder(path);
    if (query != null) {
      sb.append(" query=").append(query);
    }
    for (String m : matchers) {
      // codemirror-promql writes "name" as "name{}" in some requests; both select the same series.
      sb.append(" match[]=").append(m.endsWith("{}") ? m.substring(0, m.length() - 2) : m);
    }
    return sb.toString();
  }

  void mount(Router router) {
    router.route("/api/v1/*").handler(BodyHandler.create());
    router.route("/api/v1/*").handler(this::answer);
  }

  private void answer(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    MultiMap params = req.params(); // BodyHandler merges POST form fields into these
    requests.add(MultiMap.caseInsensitiveMultiMap().addAll(params).add("__path", req.path()));
    requestPaths.add(req.method() + " " + req.path());
    String key = key(req.path(), params.get("query"), params.getAll("match[]"));
    Recording r = recordings.get(key);
    if (r == null) {
      ctx.response().setStatusCode(500).putHeader("Content-Type", "application/json")
          .end("{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"test API has no recording for "
              + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      return;
    }
    ctx.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json").end(r.body());
  }

  /** Parameters of every request so far (plus "__path"), oldest first. */
  List<MultiMap> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  List<String> requestPaths() {
    synchronized (requestPaths) {
      return new ArrayList<>(requestPaths);
    }
  }

  static String read(String resource) {
    try (InputStream in = RecordedApi.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
