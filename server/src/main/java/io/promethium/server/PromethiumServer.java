package io.promethium.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.promethium.api.ApiOptions;
import io.promethium.api.RuntimeInfo;
import io.promethium.api.ScrapeManagerMetadata;
import io.promethium.api.ScrapeManagerTargets;
import io.promethium.config.ByteSize;
import io.promethium.api.PrometheusApi;
import io.promethium.config.ConfigException;
import io.promethium.config.ConfigRenderer;
import io.promethium.promql.Engine;
import io.promethium.promql.EngineOptions;
import io.promethium.discovery.kubernetes.MonitorSelection;
import io.promethium.discovery.kubernetes.ServiceAccount;
import io.promethium.scrape.ScrapeManager;
import io.promethium.tsdb.Labels;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.PrometheusDuration;
import io.promethium.tsdb.Tsdb;
import io.promethium.web.WebUi;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: one Vert.x HTTP server for the UI, the API, the lifecycle endpoints and
 * {@code /metrics}; storage; scraping; config reload. Start-up order follows Prometheus: the HTTP
 * server answers {@code /-/healthy} at once and {@code /-/ready} (and everything else) with 503
 * until storage is open and the first config is applied.
 */
final class PromethiumServer {
  private static final Logger log = LoggerFactory.getLogger(PromethiumServer.class);

  private final ServerCommand flags;
  private final BuildInfo build;
  private final Instant startTime = Instant.now();
  private SelfMetrics metrics;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<AutoCloseable> closeInReverse = new ArrayList<>();
  private Vertx vertx;
  private HttpServer http;
  private Router router;
  private Tsdb storage;
  private ScrapeManager scrapeManager;
  private MonitorScrapeJobs monitorJobs;
  private volatile Labels externalLabels = Labels.EMPTY;
  private ConfigReloader reloader;
  private ConfigFileWatcher watcher;

  private StorageOpening storageOpening;

  PromethiumServer(ServerCommand flags, BuildInfo build) {
    this(flags, build, null);
  }

  /** With the store's open already begun ({@code null}: {@link #start()} begins it). */
  PromethiumServer(ServerCommand flags, BuildInfo build, StorageOpening storageOpening) {
    this.flags = flags;
    this.build = build;
    this.storageOpening = storageOpening;
  }

  /** Runs until SIGTERM/SIGINT or {@code /-/quit}; returns the process exit code. */
  int runUntilStopped() throws Exception {
    log.info("Starting Promethium version={} prometheus_compatible={}", build.promethiumVersion(), build.version());
    SignalHandlers.install(this::requestStop, this::reloadFromSignal);
    try {
      start();
    } catch (StartupException e) {
      log.error(e.getMessage());
      shutdown();
      return 1;
    }
    stopRequested.await();
    shutdown();
    return 0;
  }

  /**
   * Starts every component; returns once the server is ready. Visible for tests. The store opens
   * on its own thread from the first moment, while HTTP (answering 503 until ready), the query
   * engine and the UI come up beside it: on a restart after a crash its recovery is the long pole.
   */
  void start() throws Exception {
    if (storageOpening != null) {
      closeInReverse.add(storageOpening); // closed (after its open finishes) whatever fails below
    }
    ListenAddress addr;
    try {
      addr = ListenAddress.parse(flags.listenAddress);
    } catch (IllegalArgumentException e) {
      throw new StartupException("Invalid --web.listen-address: " + e.getMessage());
    }
    log.info("Starting TSDB ... path={} retention={} retention_size={}B", Path.of(flags.storagePath).toAbsolutePath(),
        PrometheusDuration.format(flags.retentionTime), flags.retentionSize);
    if (storageOpening == null) {
      storageOpening = StorageOpening.begin(flags::openStorage);
      closeInReverse.add(storageOpening);
    }
    metrics = new SelfMetrics(build); // after the store's open began: it is on the path to ready

    // Nothing here serves files through Vert.x (the UI's assets are in memory), so no classpath
    // file cache: it would cost a /tmp/vertx-cache-* directory per start, left behind by kill -9.
    vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
        new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false)));
    router = Router.router(vertx);
    router.route().handler(new HttpMetricsHandler(metrics));
    router.route().handler(ctx -> {
      String p = ctx.normalizedPath();
      if (ready.get() || p.startsWith("/-/") || p.equals("/metrics")) {
        ctx.next();
      } else {
        ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("Service Unavailable");
      }
    });
    LifecycleRoutes.mount(router, flags.enableLifecycle, ready::get, this::reloadForHttp, this::requestStop);
    router.get("/metrics").handler(ctx -> ctx.vertx().executeBlocking(metrics::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      }
    }));

    HttpServerOptions opts = new HttpServerOptions().setCompressionSupported(true).setHost(addr.host())
        .setPort(addr.port());
    try {
      http = vertx.createHttpServer(opts).requestHandler(router).listen().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StartupException("Error starting web server: listen tcp " + flags.listenAddress + ": " + e.getMessage());
    }
    log.info("Listening on address={}", flags.listenAddress);

    // Neither needs the store: built while it opens. The UI's routes do not overlap the API's.
    Engine engine = new Engine(EngineOptions.DEFAULT.withLookbackDeltaMs(flags.lookbackDelta.toMillis())
        .withTimeoutMs(flags.queryTimeout.toMillis()).withMaxSamples(flags.queryMaxSamples));
    WebUi ui = new WebUi(); // its files are read once the server is ready (below)
    ui.mount(router);
    Path configPath = flags.configPath();
    PrometheusConfig firstConfig;
    try {
      firstConfig = ConfigReloader.load(configPath);
    } catch (ConfigException e) {
      throw new StartupException("Error loading config (--config.file=" + configPath + "): " + e.getMessage());
    }

    storage = storageOpening.await();
    metrics.addText(new TsdbMetrics(storage)::appendTo);

    scrapeManager = new ScrapeManager(vertx, storage);
    closeInReverse.add(scrapeManager);
    metrics.addText(scrapeManager::appendMetrics);

    List<Consumer<PrometheusConfig>> appliers = new ArrayList<>();
    monitorJobs = new MonitorScrapeJobs(scrapeManager::apply, this::locateKubernetes,
        new MonitorSelection(flags.monitorNamespaces, flags.serviceMonitorSelector, flags.podMonitorSelector),
        Path.of(flags.storagePath).resolve("monitor-tls-assets"));
    closeInReverse.add(monitorJobs);
    FunctionCounter.builder("promethium.monitors.translation.failures", monitorJobs,
            MonitorScrapeJobs::translationFailures)
        .description("PodMonitors/ServiceMonitors that could not be translated into scrape jobs (each object version once).")
        .register(metrics.registry());
    appliers.add(monitorJobs::fileConfig);
    appliers.add(cfg -> externalLabels = Labels.fromMap(cfg.global().externalLabels()));
    reloader = new ConfigReloader(configPath, appliers, metrics);
    reloader.apply(firstConfig);

    ApiOptions apiOptions = ApiOptions.defaults()
        .withAdminApi(flags.enableAdminApi)
        .withRemoteWriteReceiver(flags.enableRemoteWriteReceiver)
        .withMaxConcurrency(flags.queryMaxConcurrency)
        .withQueryTimeoutMs(flags.queryTimeout.toMillis())
        .withCorsOrigin(flags.corsOrigin)
        .withLookbackDeltaMs(flags.lookbackDelta.toMillis());
    PrometheusApi.builder(storage)
        .vertx(vertx)
        .options(apiOptions)
        .flags(flags.asFlagMap())
        .buildInfo(build.toApi())
        .configYaml(() -> ConfigRenderer.render(reloader.current()))
        .externalLabels(() -> externalLabels)
        .targets(new ScrapeManagerTargets(scrapeManager))
        .metadata(new ScrapeManagerMetadata(scrapeManager))
        .admin(new StorageAdmin(storage))
        .runtimeInfo(this::runtimeInfo)
        .engine(engine)
        .build()
        .mount(router);
    watcher = new ConfigFileWatcher(configPath, this::reloadFromFileChange);
    watcher.start();
    closeInReverse.add(watcher);

    ready.set(true);
    metrics.setReady(true);
    log.info("Server is ready to receive web requests.");
    Thread uiLoad = new Thread(ui::load, "web-ui-load");
    uiLoad.setDaemon(true);
    uiLoad.start();
  }

  private RuntimeInfo runtimeInfo() {
    Runtime rt = Runtime.getRuntime();
    String retention = PrometheusDuration.format(flags.retentionTime);
    if (flags.retentionSize > 0) {
      retention += " or " + ByteSize.format(flags.retentionSize);
    }
    return new RuntimeInfo(startTime, Path.of("").toAbsolutePath().toString(), metrics.lastReloadSuccessful(),
        metrics.lastReloadSuccessTime(), 0, Thread.activeCount(), rt.availableProcessors(), "", "", retention);
  }

  private KubernetesApiLocator.Located locateKubernetes() {
    if (!flags.monitorsEnabled) {
      log.info("PodMonitor/ServiceMonitor watching is off (--kubernetes.monitors.enabled=false)");
      return null;
    }
    try {
      KubernetesApiLocator.Located api = KubernetesApiLocator.locate(flags.kubeconfig, ServiceAccount.DEFAULT,
          System.getenv(), Path.of(System.getProperty("user.home")));
      if (api == null) {
        log.info("No Kubernetes API found (no service account, $KUBECONFIG or ~/.kube/config); PodMonitor/ServiceMonitor watching is off");
      }
      return api;
    } catch (RuntimeException e) {
      log.warn("Cannot configure the Kubernetes client; PodMonitor/ServiceMonitor watching is off: {}", e.getMessage());
      return null;
    }
  }

  /** The actual HTTP port (useful when listening on port 0). */
  int port() {
    return http.actualPort();
  }

  /** The config in force. */
  PrometheusConfig currentConfig() {
    return reloader.current();
  }

  void requestStop() {
    stopRequested.countDown();
  }

  private String reloadForHttp() {
    try {
      reloader.reload();
      watcher.markLoaded();
      return null;
    } catch (ConfigException e) {
      return "couldn't load configuration (--config.file=\"" + reloader.file() + "\"): " + e.getMessage();
    }
  }

  void reloadFromSignal() {
    if (reloader == null || watcher == null) {
      return;
    }
    try {
      reloader.reload();
      watcher.markLoaded();
    } catch (ConfigException e) {
      // logged and counted by the reloader
    }
  }

  private void reloadFromFileChange() {
    reloader.reload();
  }

  /** Orderly stop: HTTP first (no new work), then scraping, then storage, so nothing is lost. */
  void shutdown() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    log.info("Received shutdown request, stopping");
    ready.set(false);
    if (metrics != null) { // null when start failed before creating it
      metrics.setReady(false);
    }
    if (http != null) {
      try {
        http.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Error closing web server", e);
      }
    }
    for (int i = closeInReverse.size() - 1; i >= 0; i--) {
      try {
        closeInReverse.get(i).close();
      } catch (Exception e) {
        log.warn("Error during shutdown of {}", closeInReverse.get(i).getClass().getSimpleName(), e);
      }
    }
    if (vertx != null) {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("Error closing Vert.x", e);
      }
    }
    if (metrics != null) {
      metrics.close();
    }
    log.info("See you next time!");
  }

  /** A start-up failure with a message for the operator (no stack trace). */
  static final class StartupException extends Exception {
    StartupException(String message) {
      super(message);
    }
  }
}
