package io.promethium.api;

import io.promethium.tsdb.Storage;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus's HTTP API ({@code /api/v1/*} and {@code /federate}) on a Vert.x router. Endpoints run
 * on their own worker threads; responses are streamed JSON in Prometheus's exact shape. Build one with
 * {@link #builder(Storage)} and call {@link #mount(Router)} before any catch-all routes of the UI.
 */
public final class PrometheusApi {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusApi.class);
  private static final long BODY_LIMIT = 64L * 1024 * 1024;

  private final Vertx vertx;
  private final ApiOptions options;
  private final BooleanSupplier ready;
  private final Cors cors;
  private final MetadataEndpoints metadata;
  private final StatusEndpoints status;
  private final AdminEndpoints admin;
  private final FederationEndpoint federation;
  private final RemoteWriteEndpoint remoteWrite;
  private final RemoteReadEndpoint remoteRead;
  private final QueryApi query;
  /**
   * Endpoints block (storage, the engine, the query concurrency queue), so they run on their own
   * platform threads: queries waiting for a slot must not starve the Vert.x worker pool that
   * everything else needs, and CPU-bound queries must stay time-sliced by the OS (virtual threads
   * would let two long queries pin both carriers of a 2-core machine and stall every request).
   */
  private final ExecutorService workers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
      .name("api-worker-", 0).factory());

  private PrometheusApi(Builder b) {
    this.vertx = Objects.requireNonNull(b.vertx, "vertx");
    this.options = b.options;
    this.ready = b.ready;
    this.cors = new Cors(options.corsOrigin());
    this.metadata = new MetadataEndpoints(b.storage, b.metadataSource, b.queryBackend);
    this.status = new StatusEndpoints(b.storage, b.flags, b.buildInfo, b.runtimeInfo, b.configYaml, b.walReplay,
        b.targets);
    this.admin = new AdminEndpoints(options.adminApiEnabled(), b.admin);
    this.federation = new FederationEndpoint(b.storage, b.externalLabels != null ? b.externalLabels : options::externalLabels,
        options.lookbackDeltaMs());
    this.remoteWrite = new RemoteWriteEndpoint(b.storage, options.remoteWriteReceiverEnabled());
    this.remoteRead = new RemoteReadEndpoint(b.storage, b.externalLabels != null ? b.externalLabels : options::externalLabels,
        options.remoteReadSampleLimit());
    this.query = b.queryBackend == null ? null
        : new QueryApi(b.queryBackend, options.maxConcurrency(), options.queryTimeoutMs());
  }

  public static Builder builder(Storage storage) {
    return new Builder(storage);
  }

  /** Registers every route. Call once. */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT).setMergeFormAttributes(false);
    router.options("/api/v1/*").handler(ctx -> {
      cors.apply(ctx.request().getHeader("Origin"), ctx.response().headers());
      ctx.response().setStatusCode(204).end();
    });

    List<Route> routes = new ArrayList<>();
    String[] getPost = {"GET", "POST"};
    if (query != null) {
      routes.add(new Route("/api/v1/query", getPost, query::instant));
      routes.add(new Route("/api/v1/query_range", getPost, query::range));
      routes.add(new Route("/api/v1/format_query", getPost, query::format));
    } else {
      ApiEndpoint noEngine = r -> {
        throw new ApiException(ErrorType.UNAVAILABLE, "query engine not available");
      };
      routes.add(new Route("/api/v1/query", getPost, noEngine));
      routes.add(new Route("/api/v1/query_range", getPost, noEngine));
      routes.add(new Route("/api/v1/format_query", getPost, noEngine));
    }
    routes.add(new Route("/api/v1/query_exemplars", getPost, metadata::queryExemplars));
    routes.add(new Route("/api/v1/series", new String[] {"GET", "POST", "DELETE"}, r ->
        r.method().equals("DELETE") ? metadata.dropSeries(r) : metadata.series(r)));
    routes.add(new Route("/api/v1/labels", getPost, metadata::labelNames));
    routes.add(new Route("/api/v1/label/:name/values", new String[] {"GET"}, metadata::labelValues));
    routes.add(new Route("/api/v1/metadata", new String[] {"GET"}, metadata::metricMetadata));
    routes.add(new Route("/api/v1/targets/metadata", new String[] {"GET"}, metadata::targetMetadata));
    routes.add(new Route("/api/v1/targets", new String[] {"GET"}, status::targets));
    routes.add(new Route("/api/v1/scrape_pools", new String[] {"GET"}, status::scrapePools));
    routes.add(new Route("/api/v1/alertmanagers", new String[] {"GET"}, status::alertmanagers));
    routes.add(new Route("/api/v1/rules", new String[] {"GET"}, status::rules));
    routes.add(new Route("/api/v1/alerts", new String[] {"GET"}, status::alerts));
    routes.add(new Route("/api/v1/status/config", new String[] {"GET"}, status::config));
    routes.add(new Route("/api/v1/status/flags", new String[] {"GET"}, status::flags));
    routes.add(new Route("/api/v1/status/runtimeinfo", new String[] {"GET"}, status::runtimeInfo));
    routes.add(new Route("/api/v1/status/buildinfo", new String[] {"GET"}, status::buildInfo));
    routes.add(new Route("/api/v1/status/tsdb", new String[] {"GET"}, status::tsdb));
    routes.add(new Route("/api/v1/status/walreplay", new String[] {"GET"}, status::walReplay));
    String[] postPut = {"POST", "PUT"};
    routes.add(new Route("/api/v1/admin/tsdb/delete_series", postPut, admin::deleteSeries));
    routes.add(new Route("/api/v1/admin/tsdb/clean_tombstones", postPut, admin::cleanTombstones));
    routes.add(new Route("/api/v1/admin/tsdb/snapshot", postPut, admin::snapshot));
    routes.add(new Route("/api/v1/write", new String[] {"POST"}, remoteWrite::handle));
    routes.add(new Route("/api/v1/read", new String[] {"POST"}, remoteRead::handle));
    routes.add(new Route("/federate", new String[] {"GET"}, federation::handle));

    for (Route route : routes) {
      for (String m : route.methods) {
        router.route(HttpMethod.valueOf(m), route.path).handler(body).handler(ctx -> dispatch(ctx, route));
      }
      router.route(route.path).handler(ctx -> methodNotAllowed(ctx, route));
    }
    // Unknown API paths answer like Go's mux rather than falling through to the UI.
    router.route("/api/v1/*").handler(ctx -> send(ctx, ApiResponse.text(404, "404 page not found")));
  }

  private void dispatch(RoutingContext ctx, Route route) {
    long startNanos = System.nanoTime();
    HttpServerResponse resp = ctx.response();
    cors.apply(ctx.request().getHeader("Origin"), resp.headers());
    if (!ready.getAsBoolean()) {
      send(ctx, ApiResponse.text(503, "Service Unavailable"));
      return;
    }
    MultiMap form = ctx.request().isExpectMultipart() ? ctx.request().formAttributes() : null;
    Buffer rawBody = ctx.body() == null ? null : ctx.body().buffer();
    CancelSignal cancel = new CancelSignal();
    resp.closeHandler(v -> cancel.cancel());
    ApiRequest request = new ApiRequest(ctx.request().method().name(), form, ctx.queryParams(),
        Map.copyOf(ctx.pathParams()), ctx.request().headers(), rawBody, cancel);
    Context context = vertx.getOrCreateContext();
    workers.execute(() -> {
      ApiResponse r = run(route, request);
      context.runOnContext(v -> {
        send(ctx, r);
        if (LOG.isDebugEnabled()) {
          LOG.debug("method={} path={} status={} duration_ms={}", request.method(), ctx.request().path(),
              r.status(), (System.nanoTime() - startNanos) / 1_000_000);
        }
      });
    });
  }

  private static ApiResponse run(Route route, ApiRequest request) {
    try {
      return route.endpoint.handle(request);
    } catch (ApiException e) {
      return ApiResponse.error(e);
    } catch (Exception | StackOverflowError e) {
      return internalError(e); // a deeply nested query must still get an answer
    }
  }

  private static ApiResponse internalError(Throwable e) {
    LOG.error("API endpoint failed", e);
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return ApiResponse.error(new ApiException(ErrorType.INTERNAL, msg));
  }

  private static void send(RoutingContext ctx, ApiResponse r) {
    HttpServerResponse resp = ctx.response();
    if (resp.closed() || resp.ended()) {
      return;
    }
    resp.setStatusCode(r.status());
    if (r.contentType() != null) {
      resp.putHeader("Content-Type", r.contentType());
    }
    if (r.contentEncoding() != null) {
      resp.putHeader("Content-Encoding", r.contentEncoding());
    }
    if (ApiResponse.TEXT.equals(r.contentType())) {
      resp.putHeader("X-Content-Type-Options", "nosniff");
    }
    if (r.body() == null) {
      resp.end();
    } else {
      resp.end(r.body());
    }
  }

  private void methodNotAllowed(RoutingContext ctx, Route route) {
    TreeSet<String> allowed = new TreeSet<>(List.of(route.methods));
    allowed.add("OPTIONS");
    ctx.response().putHeader("Allow", String.join(", ", allowed));
    send(ctx, ApiResponse.text(405, "Method Not Allowed"));
  }

  private record Route(String path, String[] methods, ApiEndpoint endpoint) {}

  /** Collects what the API needs from the rest of the server. Only storage and vertx are required. */
  public static final class Builder {
    private final Storage storage;
    private Vertx vertx;
    private ApiOptions options = ApiOptions.defaults();
    private BooleanSupplier ready = () -> true;
    private Map<String, String> flags = Map.of();
    private BuildInfo buildInfo = new BuildInfo("2.42.0", "unknown", "unknown", "unknown", "unknown", "java", null);
    private Supplier<RuntimeInfo> runtimeInfo;
    private Supplier<String> configYaml = () -> "";
    private Supplier<WalReplayStatus> walReplay = () -> new WalReplayStatus(0, 0, 0);
    private TargetsSource targets = TargetsSource.EMPTY;
    private java.util.function.Supplier<io.promethium.tsdb.Labels> externalLabels;
    private MetadataSource metadataSource = MetadataSource.EMPTY;
    private TsdbAdmin admin;
    private QueryBackend queryBackend;

    private Builder(Storage storage) {
      this.storage = Objects.requireNonNull(storage, "storage");
    }

    public Builder vertx(Vertx v) {
      this.vertx = v;
      return this;
    }

    public Builder options(ApiOptions o) {
      this.options = Objects.requireNonNull(o);
      return this;
    }

    /** Until this returns true every endpoint answers 503, as Prometheus does while starting. */
    public Builder ready(BooleanSupplier r) {
      this.ready = Objects.requireNonNull(r);
      return this;
    }

    /** Flag name (without dashes) to value, as {@code /api/v1/status/flags} lists them. */
    public Builder flags(Map<String, String> f) {
      this.flags = Map.copyOf(f);
      return this;
    }

    public Builder buildInfo(BuildInfo b) {
      this.buildInfo = Objects.requireNonNull(b);
      return this;
    }

    public Builder runtimeInfo(Supplier<RuntimeInfo> r) {
      this.runtimeInfo = r;
      return this;
    }

    /** The loaded configuration, re-serialised as YAML, for {@code /api/v1/status/config}. */
    public Builder configYaml(Supplier<String> c) {
      this.configYaml = Objects.requireNonNull(c);
      return this;
    }

    public Builder walReplay(Supplier<WalReplayStatus> w) {
      this.walReplay = Objects.requireNonNull(w);
      return this;
    }

    /** The global external labels, read per request so a config reload takes effect. */
    public Builder externalLabels(java.util.function.Supplier<io.promethium.tsdb.Labels> l) {
      this.externalLabels = Objects.requireNonNull(l);
      return this;
    }

    public Builder targets(TargetsSource t) {
      this.targets = Objects.requireNonNull(t);
      return this;
    }

    public Builder metadata(MetadataSource m) {
      this.metadataSource = Objects.requireNonNull(m);
      return this;
    }

    /** Required for the admin endpoints to do anything when the admin API is enabled. */
    public Builder admin(TsdbAdmin a) {
      this.admin = a;
      return this;
    }

    /** Queries on Promethium's PromQL engine over this builder's storage. */
    public Builder engine(io.promethium.promql.Engine engine) {
      this.queryBackend = new PromqlQueryBackend(engine, storage);
      return this;
    }

    /** The PromQL engine; without it {@code /query*} answer {@code unavailable}. */
    public Builder queryBackend(QueryBackend q) {
      this.queryBackend = q;
      return this;
    }

    public PrometheusApi build() {
      if (runtimeInfo == null) {
        java.time.Instant start = java.time.Instant.now();
        String retention = flags.getOrDefault("storage.tsdb.retention.time", "15d");
        runtimeInfo = () -> new RuntimeInfo(start, System.getProperty("user.dir"), true, start, 0,
            Thread.activeCount(), Runtime.getRuntime().availableProcessors(), "", "", retention);
      }
      return new PrometheusApi(this);
    }
  }
}
