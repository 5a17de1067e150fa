package io.promethium.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the API a few thousand ordinary queries over loopback right after start, one connection
 * each like most HTTP clients, so that the JIT has compiled the request path (Netty/Vert.x
 * connection setup and routing, parameter parsing, the engine, the storage read path, JSON) before
 * the first user query. Cold, a trivial {@code vector(1)} takes 3-6 ms through Vert.x on a loaded
 * 2-core machine (interpreted code plus the compiler threads competing for the cores) against
 * 0.6 ms once compiled; Go servers have no such phase. The queries are cheap and read at most a
 * few minutes of the server's own scrape series.
 *
 * <p>Call {@link #start} once the server is listening and ready; plain HTTP only (a TLS listener
 * or authentication just makes the requests fail, which stops the warm-up).
 */
public final class ApiWarmup {
  private static final Logger LOG = LoggerFactory.getLogger(ApiWarmup.class);

  /** Generic shapes that exist in every server's own data: selectors, rates, aggregations, joins. */
  static final String[] QUERIES = {
      "up",
      "sum by (job) (up)",
      "up{job=~\".+\"} == 1",
      "rate(scrape_samples_scraped{job!=\"\"}[1m])",
      "sum by (job) (rate(scrape_duration_seconds[1m]))",
      "topk(3, sum by (instance) (scrape_samples_scraped))",
      "sum(rate(scrape_samples_scraped[1m])) / sum(rate(scrape_samples_post_metric_relabeling[1m]))",
      "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[1m])))",
      "count_over_time(up[5m])",
      "absent(up{job=\"promethium-warmup\"})",
  };

  private ApiWarmup() {}

  /** Runs {@link #run} on a daemon thread and returns it. */
  public static Thread start(String host, int port, int requests) {
    Thread t = Thread.ofPlatform().daemon().name("api-warmup").start(() -> {
      long t0 = System.nanoTime();
      int ok = run(host, port, requests, System.currentTimeMillis());
      LOG.info("msg=\"API warm-up done\" requests={} ok={} duration_ms={}", requests, ok,
          (System.nanoTime() - t0) / 1_000_000);
    });
    return t;
  }

  /**
   * Sends {@code requests} instant and range queries (over the 5 minutes before {@code nowMs}),
   * cycling through {@link #QUERIES}. Stops early at the first connection failure.
   *
   * @return how many answered 200
   */
  public static int run(String host, int port, int requests, long nowMs) {
    int ok = 0;
    String now = seconds(nowMs);
    String start = seconds(nowMs - 300_000);
    for (int i = 0; i < requests; i++) {
      String q = URLEncoder.encode(QUERIES[(i >> 1) % QUERIES.length], StandardCharsets.UTF_8);
      String target = (i & 1) == 0 ? "/api/v1/query?query=" + q + "&time=" + now
          : "/api/v1/query_range?query=" + q + "&start=" + start + "&end=" + now + "&step=15";
      try {
        if (get(host, port, target) == 200) {
          ok++;
        }
      } catch (IOException e) {
        LOG.debug("API warm-up stopped after {} requests: {}", i, e.toString());
        break;
      }
    }
    return ok;
  }

  private static String seconds(long ms) {
    return ms / 1000 + "." + String.format("%03d", Math.floorMod(ms, 1000));
  }

  /** One HTTP/1.1 GET on its own connection; returns the status code and discards the body. */
  private static int get(String host, int port, String target) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 5_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
          + "\r\nUser-Agent: promethium-warmup\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int n = in.readNBytes(buf, 0, 12); // "HTTP/1.1 200"
      if (n < 12) {
        throw new IOException("short response");
      }
      int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
      while (in.read(buf) >= 0) {
        // drain until the server closes
      }
      return status;
    }
  }
}
