package io.promethium.web;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The browser UI: {@code /graph} and the status pages, served from the jar.
 *
 * <p>Every file is read from the classpath once, at construction, and served from memory with a
 * gzipped copy. Pages are served with {@code Cache-Control: no-cache} (revalidated by ETag), and
 * link their assets as {@code /assets/<name>?h=<content hash>}, so assets can be cached as
 * immutable for a year and a new build still takes effect on the next page load.
 *
 * <p>The {@code /api/v1/*} routes the pages call are mounted by the query-api module on the same
 * router; this class does not touch them.
 */
public final class WebUi {

  /** Path prefix of the static files. */
  public static final String ASSETS_PATH = "/assets/";

  /** Every file under {@code webroot/assets/} that the pages may load (a test keeps this in step). */
  static final String[] ASSET_NAMES = {
    "app.css",
    "common.js",
    "graph.js",
    "graph-url.js",
    "graph-table.js",
    "graph-chart.js",
    "graph-explorer.js",
    "targets.js",
    "service-discovery.js",
    "config.js",
    "flags.js",
    "status.js",
    "tsdb-status.js",
    "favicon.svg",
    "vendor/promql-editor.min.js",
    "vendor/uPlot.iife.min.js",
    "vendor/uPlot.min.css",
    "vendor/LICENSES.txt",
  };

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String REVALIDATE = "no-cache";
  /**
   * Pages load scripts only from this server (no inline script, no CDN); styles may be inline
   * because CodeMirror and uPlot set them at run time.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";

  /** Pages and assets, read, rendered, compressed and hashed on first use (see {@link #load}). */
  private record Content(Map<String, UiAsset> assets, Map<String, UiAsset> pages) {
    static Content load() {
      Map<String, UiAsset> assets = new LinkedHashMap<>();
      for (String name : ASSET_NAMES) {
        assets.put(name, UiAsset.load("webroot/assets/" + name, name));
      }
      String shell = UiAsset.load("webroot/shell.html", "shell.html").text();
      Map<String, UiAsset> pages = new LinkedHashMap<>();
      for (UiPage page : UiPage.ALL) {
        pages.put(page.path(), UiAsset.of(page.path() + ".html", PageShell.render(shell, page, assets)));
      }
      return new Content(assets, pages);
    }
  }

  private volatile Content content;

  /**
   * Reads all pages and assets from the classpath now (fails if one is missing). Serving does
   * this on first use otherwise: a server calls it once it is ready, because gzipping and hashing
   * 600 KB in a JVM that has just started takes ~0.1 s of CPU that the store's recovery needs.
   */
  public WebUi load() {
    content();
    return this;
  }

  private Content content() {
    Content c = content;
    if (c == null) {
      synchronized (this) {
        c = content;
        if (c == null) {
          content = c = Content.load();
        }
      }
    }
    return c;
  }

  /** Adds the UI's routes to {@code router}: the pages, {@code /assets/*} and {@code /} → {@code /graph}. */
  public void mount(Router router) {
    // One route per path for GET and HEAD: a separate HEAD route would turn a miss into 405.
    for (UiPage page : UiPage.ALL) {
      String path = page.path();
      router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
          .handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            send(ctx, content().pages().get(path), REVALIDATE);
          });
    }
    router.route(ASSETS_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serveAsset);
    // Prometheus answers / with 302 Found to /graph.
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(WebUi::redirectToGraph);
  }

  /** Paths of the pages this UI serves, in nav order. */
  public static String[] pagePaths() {
    String[] paths = new String[UiPage.ALL.length];
    for (int i = 0; i < paths.length; i++) {
      paths[i] = UiPage.ALL[i].path();
    }
    return paths;
  }

  private static void redirectToGraph(RoutingContext ctx) {
    ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/graph").end();
  }

  private void serveAsset(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    UiAsset asset = content().assets().get(path.substring(ASSETS_PATH.length()));
    if (asset == null) {
      ctx.next(); // not ours: let the router's 404 answer
      return;
    }
    // Only a URL carrying the current hash may be cached forever; anything else revalidates.
    String h = ctx.request().getParam("h");
    send(ctx, asset, asset.hash().equals(h) ? IMMUTABLE : REVALIDATE);
  }

  private static void send(RoutingContext ctx, UiAsset asset, String cacheControl) {
    HttpServerRequest req = ctx.request();
    HttpServerResponse res = ctx.response();
    MultiMap h = res.headers();
    h.set(HttpHeaders.CACHE_CONTROL, cacheControl);
    h.set(HttpHeaders.ETAG, asset.etag());
    h.set(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    h.set("X-Content-Type-Options", "nosniff");
    if (etagMatches(req.getHeader(HttpHeaders.IF_NONE_MATCH), asset.etag())) {
      res.setStatusCode(304).end();
      return;
    }
    h.set(HttpHeaders.CONTENT_TYPE, asset.contentType());
    byte[] body = asset.bytes();
    if (acceptsGzip(req.getHeader(HttpHeaders.ACCEPT_ENCODING))) {
      // Setting Content-Encoding also stops Vert.x's own compression from encoding it twice.
      h.set(HttpHeaders.CONTENT_ENCODING, "gzip");
      body = asset.gzipped();
    }
    if (req.method() == HttpMethod.HEAD) {
      h.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
      res.end();
    } else {
      res.end(Buffer.buffer(body));
    }
  }

  static boolean etagMatches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String v = ifNoneMatch.trim();
    if (v.equals("*")) {
      return true;
    }
    for (String candidate : v.split(",")) {
      String c = candidate.trim();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String p = part.trim();
      int semi = p.indexOf(';');
      String coding = semi < 0 ? p : p.substring(0, semi).trim();
      if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
        // "gzip;q=0" means "not gzip".
        return semi < 0 || !p.substring(semi + 1).replace(" ", "").equals("q=0");
      }
    }
    return false;
  }
}
