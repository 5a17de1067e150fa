package io.promethium.scrape;

import io.promethium.scrape.relabel.Relabeler;
import io.promethium.scrape.textparse.ExpositionFormat;
import io.promethium.tsdb.Storage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target forever: first at a hash-derived phase within the interval, then every
 * interval on a fixed grid (a late scrape skips ticks instead of piling up). The HTTP exchange
 * runs on the event loop; parsing and appending run on a worker so a big body never stalls I/O.
 */
final class ScrapeLoop {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeLoop.class);
  private static final byte[] EMPTY = new byte[0];
  static final String USER_AGENT = "Prometheus/2.42.0";

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final Target target;
  private final ScrapeSettings settings;
  private ScrapeWriter writer;
  private final Relabeler metricRelabeler;
  private final long jitterSeed;
  private final String forcedError;
  private final ScrapeMetrics metrics;
  /**
   * The target's URL and server address, worked out once rather than on every scrape (Vert.x
   * parses an absolute URI string into a {@code java.net.URL} and then builds the address from
   * it per request); null when the URL does not parse, and every scrape then reports why.
   */
  private final java.net.URL url;
  private final SocketAddress server;
  /** Where the loop's connection goes (with TLS and SNI settled); null: through the client's pool. */
  private final HttpConnectOptions connectOptions;
  private HttpClientConnection connection;
  /** The target answered with a redirect: its scrapes go through the pool, which follows them. */
  private boolean redirects;
  private long lastStartNanos = Long.MIN_VALUE;

  /** As received (maybe gzip); from {@link BodyBufferPool}, held only while a scrape is in flight. */
  private byte[] body;
  private int bodyLength;
  /** Size of the last body, so the next one starts in a buffer big enough for it. */
  private int lastBodyLength;
  private boolean gzipped;
  private long timerId = -1;
  private long nextAt;
  private boolean inFlight;
  private boolean stopped;
  private Promise<Void> stopPromise;
  private boolean staleOnStop;

  /** {@code previous}: the writer of the loop this one replaces (reload), or null. */
  ScrapeLoop(Vertx vertx, HttpClientAgent client, Target target, ScrapeSettings settings, Storage storage,
      Relabeler metricRelabeler, ScrapeWriter previous, long jitterSeed, String forcedError, ScrapeMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.client = client;
    this.target = target;
    this.settings = settings;
    this.jitterSeed = jitterSeed;
    this.forcedError = forcedError;
    this.metricRelabeler = metricRelabeler;
    java.net.URL u = null;
    SocketAddress a = null;
    try {
      u = new java.net.URL(target.url());
      a = SocketAddress.inetSocketAddress(port(u), u.getHost());
    } catch (java.net.MalformedURLException | RuntimeException e) {
      u = null;
    }
    this.url = u;
    this.server = a;
    this.connectOptions = connectOptions(u, a, settings.http().tlsServerName(), target.timeoutMillis());
    this.writer = previous != null
        ? previous.reconfigured(settings, metricRelabeler)
        : new ScrapeWriter(storage, target, settings, metricRelabeler, new ScrapeCache());
  }

  /**
   * tls_config.server_name: connect to the target's address but send SNI for, and verify the
   * certificate against, server_name; the Host header stays the target's, as in Go.
   */
  private static HttpConnectOptions connectOptions(java.net.URL u, SocketAddress a, String serverName, long timeoutMillis) {
    if (u == null) {
      return null;
    }
    boolean https = u.getProtocol().equals("https");
    String host = !serverName.isEmpty() && https ? serverName : bareHost(u);
    return new HttpConnectOptions().setServer(a).setHost(host).setPort(port(u)).setSsl(https).setConnectTimeout(timeoutMillis);
  }

  /** The URL's host without the brackets of an IPv6 literal. */
  private static String bareHost(java.net.URL u) {
    String host = u.getHost();
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  private static int port(java.net.URL u) {
    return u.getPort() >= 0 ? u.getPort() : u.getDefaultPort();
  }

  Target target() {
    return target;
  }

  synchronized ScrapeWriter writer() {
    return writer;
  }

  /** Continues the state of the stopped loop this one replaces; call before {@link #start()}. */
  synchronized void adopt(ScrapeWriter previous) {
    writer = previous.reconfigured(settings, metricRelabeler);
  }

  String forcedError() {
    return forcedError;
  }

  synchronized void start() {
    if (stopped) {
      return; // stopped before a delayed start (reload replacing a loop that was still finishing)
    }
    long now = System.currentTimeMillis();
    long offset = target.offsetMillis(now, jitterSeed);
    nextAt = now + offset;
    timerId = vertx.setTimer(Math.max(1, offset), id -> tick());
  }

  /** Stops the loop after any scrape in flight; with {@code staleMarkers}, marks its series stale. */
  synchronized Future<Void> stop(boolean staleMarkers) {
    if (stopPromise != null) {
      return stopPromise.future();
    }
    stopped = true;
    staleOnStop = staleMarkers;
    stopPromise = Promise.promise();
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
    if (!inFlight) {
      finishStop();
    }
    return stopPromise.future();
  }

  private void finishStop() {
    discardConnection();
    if (!staleOnStop || writer.lastWriteTime() == Long.MIN_VALUE) {
      stopPromise.complete();
      return;
    }
    long t = Math.max(System.currentTimeMillis(), writer.lastWriteTime() + 1);
    vertx.<Void>executeBlocking(() -> {
      writer.writeEndOfRunStaleness(t);
      return null;
    }, false).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("msg=\"stale markers failed\" target={} err=\"{}\"", target.url(), ar.cause().toString());
      }
      stopPromise.complete();
    });
  }

  private synchronized void tick() {
    if (stopped) {
      return;
    }
    long interval = target.intervalMillis();
    long now = System.currentTimeMillis();
    long scheduled = nextAt;
    nextAt += interval;
    while (nextAt <= now) {
      scheduled = nextAt;
      nextAt += interval; // skip missed ticks: never more than one scrape in flight
    }
    timerId = vertx.setTimer(Math.max(1, nextAt - now), id -> tick());
    if (inFlight) {
      return;
    }
    scrape(scheduled);
  }

  /** Runs the scrape scheduled (on the loop's grid) at {@code scheduledMillis}. */
  private void scrape(long scheduledMillis) {
    inFlight = true;
    java.time.Instant now = java.time.Instant.now();
    long startMillis = ScrapeTimeAligner.timestampMillis(now.getEpochSecond() * 1_000_000_000L + now.getNano(),
        scheduledMillis, target.intervalMillis());
    long startNanos = System.nanoTime();
    // As Prometheus: time since the previous scrape started, for every scrape but the first.
    if (lastStartNanos != Long.MIN_VALUE) {
      metrics.observeInterval(target.intervalMillis(), startNanos - lastStartNanos, startNanos);
    }
    lastStartNanos = startNanos;
    if (forcedError != null) {
      complete(startMillis, startNanos, null, forcedError);
      return;
    }
    new HttpExchange(startMillis, startNanos).begin();
  }

  /**
   * A request on the loop's own kept-alive connection, opened on first use and again after the
   * target, a timeout or an error closed it. One scrape at a time needs one connection, and going
   * through the client's pool cost more than the exchange itself: per request the pool resolved
   * the endpoint, leased and recycled the connection (half the event loops' time, and code the
   * JIT compiled only minutes after start). {@code reused} says whether the connection served a
   * scrape before, so a request that finds it closed can be retried once on a new one.
   */
  private Future<HttpClientRequest> connectionRequest(RequestOptions ro, boolean[] reused) {
    HttpClientConnection c;
    synchronized (this) {
      c = connection;
    }
    if (c != null) {
      reused[0] = true;
      return c.request(ro);
    }
    reused[0] = false;
    return client.connect(connectOptions).compose(conn -> {
      boolean keep;
      synchronized (this) {
        keep = !stopped;
        if (keep) {
          connection = conn;
        }
      }
      conn.closeHandler(v -> dropConnection(conn));
      if (!keep) {
        conn.close();
      }
      return conn.request(ro);
    });
  }

  /** Closes the loop's connection after a failed exchange: it may be in any state. */
  private void discardConnection() {
    HttpClientConnection c;
    synchronized (this) {
      c = connection;
      connection = null;
    }
    if (c != null) {
      c.close();
    }
  }

  /** Go's client follows these (with a Location) when follow_redirects is on. */
  private static boolean isRedirect(HttpClientResponse resp) {
    int s = resp.statusCode();
    return (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && resp.getHeader("Location") != null;
  }

  private void dropConnection(HttpClientConnection conn) {
    synchronized (this) {
      if (connection != conn) {
        return;
      }
      connection = null;
    }
    conn.close();
  }

  /** One HTTP request/response with deadline and body-size limit; completes exactly once. */
  private final class HttpExchange {
    private final long startMillis;
    private final long startNanos;
    private long deadlineTimer = -1;
    private HttpClientRequest request;
    private String contentType;
    private boolean done;

    HttpExchange(long startMillis, long startNanos) {
      this.startMillis = startMillis;
      this.startNanos = startNanos;
    }

    void begin() {
      bodyLength = 0;
      gzipped = false;
      RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET);
      String serverName = settings.http().tlsServerName();
      if (url != null && !serverName.isEmpty() && url.getProtocol().equals("https")) {
        // tls_config.server_name: the target's address, SNI and certificate check for
        // server_name (for the pool; the loop's own connection has them in connectOptions), and
        // the target's Host header, as in Go.
        String path = url.getPath().isEmpty() ? "/" : url.getPath();
        ro.setServer(SocketAddress.inetSocketAddress(port(url), bareHost(url)))
            .setHost(serverName)
            .setPort(port(url))
            .setSsl(true)
            .setURI(url.getQuery() == null ? path : path + "?" + url.getQuery())
            .putHeader("Host", url.getAuthority());
      } else if (url != null) {
        ro.setAbsoluteURI(url).setServer(server);
      } else {
        ro.setAbsoluteURI(target.url()); // throws what the URL's problem is
      }
      ro
          .setFollowRedirects(settings.http().followRedirects())
          .putHeader("Accept", ExpositionFormat.ACCEPT_HEADER)
          .putHeader("Accept-Encoding", "gzip")
          .putHeader("User-Agent", USER_AGENT)
          .putHeader("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(target.timeoutMillis() / 1000.0));
      try {
        String auth = authorizationHeader(settings.http());
        if (auth != null) {
          ro.putHeader("Authorization", auth);
        }
      } catch (IOException e) {
        fail(e.getMessage());
        return;
      }
      deadlineTimer = vertx.setTimer(target.timeoutMillis(), id -> {
        deadlineTimer = -1;
        fail("Get \"" + target.url() + "\": context deadline exceeded");
        if (request != null) {
          request.reset();
        }
      });
      send(ro, false);
    }

    /** {@code retry}: this is the second try of the scrape (after a stale connection or a redirect). */
    private void send(RequestOptions ro, boolean retry) {
      boolean direct;
      synchronized (ScrapeLoop.this) {
        direct = connectOptions != null && !redirects;
      }
      boolean[] reused = {false};
      (direct ? connectionRequest(ro, reused) : client.request(ro))
          .compose(req -> {
            request = req;
            return req.send();
          })
          .onComplete(ar -> {
            if (ar.failed()) {
              if (direct) {
                discardConnection();
                if (reused[0] && !retry && !isDone()) {
                  // The kept-alive connection was closed under us (the target restarted, or
                  // its idle timeout won the race): a GET may be sent again, as Go's client does.
                  send(ro, true);
                  return;
                }
              }
              fail("Get \"" + target.url() + "\": " + describe(ar.cause()));
              return;
            }
            HttpClientResponse resp = ar.result();
            if (direct && settings.http().followRedirects() && isRedirect(resp)) {
              // The loop's own connection does not follow redirects; the pool does, so this
              // target's scrapes go through it from now on.
              synchronized (ScrapeLoop.this) {
                redirects = true;
              }
              request.reset();
              if (!isDone()) {
                send(ro, true);
              }
              return;
            }
            onResponse(resp);
          });
    }

    private boolean isDone() {
      synchronized (ScrapeLoop.this) {
        return done;
      }
    }

    private void onResponse(HttpClientResponse resp) {
      if (done) {
        return;
      }
      if (resp.statusCode() != 200) {
        fail("server returned HTTP status " + resp.statusCode() + " " + resp.statusMessage());
        request.reset();
        return;
      }
      contentType = resp.getHeader("Content-Type");
      String encoding = resp.getHeader("Content-Encoding");
      gzipped = encoding != null && encoding.equalsIgnoreCase("gzip");
      // A gzip body is limited after inflating (on the worker); a plain one here.
      long limit = gzipped ? 0 : settings.bodySizeLimit();
      resp.exceptionHandler(t -> fail("Get \"" + target.url() + "\": " + describe(t)));
      resp.handler(buf -> onChunk(buf, limit));
      resp.endHandler(v -> succeed());
    }

    private void onChunk(Buffer buf, long limit) {
      synchronized (ScrapeLoop.this) { // timers and responses may run on different event loops
        onChunkLocked(buf, limit);
      }
    }

    private void onChunkLocked(Buffer buf, long limit) {
      if (done) {
        return;
      }
      int n = buf.length();
      if (limit > 0 && (long) bodyLength + n > limit) {
        fail("body size limit exceeded");
        request.reset();
        return;
      }
      if (body == null) {
        body = BodyBufferPool.acquire(Math.max(lastBodyLength, n));
      } else if (bodyLength + n > body.length) {
        body = BodyBufferPool.grow(body, bodyLength, Math.max(body.length * 2, bodyLength + n));
      }
      buf.getBytes(0, n, body, bodyLength);
      bodyLength += n;
    }

    private void succeed() {
      synchronized (ScrapeLoop.this) { // timers and responses may run on different event loops
        succeedLocked();
      }
    }

    private void succeedLocked() {
      if (done) {
        return;
      }
      done = true;
      cancelDeadline();
      complete(startMillis, startNanos, contentType, null);
    }

    private void fail(String error) {
      synchronized (ScrapeLoop.this) { // timers and responses may run on different event loops
        failLocked(error);
      }
    }

    private void failLocked(String error) {
      if (done) {
        return;
      }
      done = true;
      cancelDeadline();
      complete(startMillis, startNanos, null, error);
    }

    private void cancelDeadline() {
      if (deadlineTimer >= 0) {
        vertx.cancelTimer(deadlineTimer);
        deadlineTimer = -1;
      }
    }
  }

  /** The error text of a failed exchange; a certificate chain that cannot be verified reads as in Go. */
  static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.security.cert.CertPathBuilderException) {
        return "x509: certificate signed by unknown authority";
      }
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** Prometheus reads credential files on every request so rotated tokens are picked up. */
  static String authorizationHeader(ScrapeHttpSettings http) throws IOException {
    if (http.hasBasicAuth()) {
      String password = http.basicAuthPassword();
      if (!http.basicAuthPasswordFile().isEmpty()) {
        password = readSecret(http.basicAuthPasswordFile(), "unable to read basic auth password file ");
      }
      String raw = http.basicAuthUsername() + ":" + password;
      return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
    if (http.hasAuthorization()) {
      String cred = http.authorizationCredentials();
      if (!http.authorizationCredentialsFile().isEmpty()) {
        cred = readSecret(http.authorizationCredentialsFile(), "unable to read authorization credentials file ");
      }
      return http.authorizationType() + " " + cred;
    }
    return null;
  }

  private static String readSecret(String file, String what) throws IOException {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException(what + file + ": " + e.getMessage(), e);
    }
  }

  /** Hands the body (or the error) to a worker for parsing and appending, then reports health. */
  private void complete(long startMillis, long startNanos, String contentType, String error) {
    byte[] held = body;
    body = null;
    if (error == null) {
      lastBodyLength = bodyLength;
    }
    byte[] raw = error == null ? (held != null ? held : EMPTY) : null;
    int rawLen = error == null ? bodyLength : 0;
    boolean gz = gzipped;
    double httpSeconds = (System.nanoTime() - startNanos) / 1e9;
    vertx.<ScrapeOutcome>executeBlocking(() -> {
          if (raw != null && gz) {
            BodyInflater inflater = BodyInflater.acquire();
            try {
              String inflateError = inflater.inflate(raw, rawLen, settings.bodySizeLimit());
              if (inflateError != null) {
                return writer.write(null, 0, null, startMillis, inflateError, startNanos);
              }
              return writer.write(inflater.buffer(), inflater.length(), contentType, startMillis, null, startNanos);
            } finally {
              BodyInflater.release(inflater);
            }
          }
          return writer.write(raw, rawLen, contentType, startMillis, error, startNanos);
        }, false)
        .onComplete(ar -> {
          if (held != null) {
            BodyBufferPool.release(held);
          }
          String err = ar.succeeded() ? ar.result().error() : "storage: " + describe(ar.cause());
          if (ar.failed()) {
            LOG.error("msg=\"append failed\" target={} err=\"{}\"", target.url(), ar.cause().toString());
          } else if (err != null) {
            LOG.debug("msg=\"Scrape failed\" target={} err=\"{}\"", target.url(), err);
          }
          if (ar.succeeded()) {
            ScrapeOutcome o = ar.result();
            metrics.count(o);
            target.report(startMillis, httpSeconds, err, o.samplesScraped(), o.error() == null ? o.samplesPostRelabel() : 0);
          } else {
            target.report(startMillis, httpSeconds, err);
          }
          synchronized (ScrapeLoop.this) {
            inFlight = false;
            if (stopped && stopPromise != null && !stopPromise.future().isComplete()) {
              finishStop();
            }
          }
        });
  }
}
