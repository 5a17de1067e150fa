package io.promethium.api;

import io.promethium.promql.Engine;
import io.promethium.promql.Result;
import io.promethium.scrape.textparse.Entry;
import io.promethium.scrape.textparse.OpenMetricsParser;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Manual benchmark (not a unit test) of query latency on Istio-like data, in-process through the
 * PromQL {@link Engine} and over HTTP through {@link PrometheusApi} on a real Vert.x server on
 * loopback. Prints median wall time and CPU time per query. Modes:
 *
 * <pre>
 * load  &lt;openmetrics file&gt; &lt;data dir&gt;       import (streamed: the file may exceed 2 GB)
 * run   &lt;data dir&gt; &lt;queries file&gt; &lt;end s&gt; &lt;range start s&gt; [step s] [repeats] [engine|http|both]
 * serve &lt;data dir&gt; &lt;port&gt;                   serve the API until killed (for side-by-side clients)
 * decode &lt;data dir&gt; &lt;label&gt; &lt;value&gt; &lt;mint s&gt; &lt;maxt s&gt; [repeats]   Querier.select + full decode
 * </pre>
 *
 * <p>{@code -Dwarmup=N} (default 20): in-process runs of each query before timing it in run mode;
 * {@code -DapiWarmup=N}: {@link ApiWarmup} requests sent once the HTTP server listens.
 *
 * A queries file holds one PromQL expression per line ({@code #} comments); see
 * {@code query-api/bench/*.txt}. The instant query runs at {@code end}, the range query over
 * {@code [range start, end]}.
 */
public final class QueryLatencyBenchmark {
  private static final int WARMUP = Integer.getInteger("warmup", 20);

  private QueryLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "load" -> load(Path.of(args[1]), Path.of(args[2]));
      case "run" -> run(args);
      case "serve" -> serve(Path.of(args[1]), Integer.parseInt(args[2]));
      case "decode" -> decode(args);
      default -> throw new IllegalArgumentException("mode: load | run | serve | decode");
    }
  }

  /** Streams the file through the OpenMetrics parser in pieces cut at line ends. */
  static void load(Path file, Path dir) throws Exception {
    long t0 = System.nanoTime();
    HashMap<String, Long> refs = new HashMap<>();
    LabelsBuilder lb = new LabelsBuilder();
    byte[] eof = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[64 << 20];
    int have = 0;
    long samples = 0;
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0)); InputStream in = Files.newInputStream(file)) {
      boolean eofSeen = false;
      while (!eofSeen) {
        int r = in.readNBytes(buf, have, buf.length - have - eof.length);
        have += r;
        eofSeen = r == 0;
        int cut = have;
        while (cut > 0 && buf[cut - 1] != '\n') {
          cut--;
        }
        if (cut == 0) {
          break;
        }
        byte[] piece = Arrays.copyOf(buf, cut + eof.length);
        boolean hasEof = endsWith(piece, cut, eof);
        int len = cut;
        if (!hasEof) {
          System.arraycopy(eof, 0, piece, cut, eof.length);
          len += eof.length;
        }
        OpenMetricsParser p = new OpenMetricsParser(piece, len);
        Appender app = db.appender();
        int inBatch = 0;
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
          if (e != Entry.SERIES) {
            continue;
          }
          String key = new String(piece, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.ISO_8859_1);
          Long ref = refs.get(key);
          long got;
          if (ref == null) {
            p.labels(lb);
            got = app.append(0, lb.build(), p.timestamp(), p.value());
          } else {
            got = app.append(ref, null, p.timestamp(), p.value());
          }
          if (ref == null || ref != got) {
            refs.put(key, got);
          }
          samples++;
          if (++inBatch == 50_000) {
            app.commit();
            app = db.appender();
            inBatch = 0;
          }
        }
        app.commit();
        System.arraycopy(buf, cut, buf, 0, have - cut);
        have -= cut;
      }
    }
    System.out.printf("loaded %,d samples of %,d series in %.1f s%n", samples, refs.size(), (System.nanoTime() - t0) / 1e9);
  }

  private static boolean endsWith(byte[] b, int len, byte[] suffix) {
    if (len < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (b[len - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  private static HttpServer startServer(Vertx vertx, Tsdb db, Engine engine, int port) throws Exception {
    Router router = Router.router(vertx);
    PrometheusApi.builder(db).vertx(vertx).engine(engine).build().mount(router);
    return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(router).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  static void serve(Path dir, int port) throws Exception {
    Tsdb db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
    Vertx vertx = Vertx.vertx();
    HttpServer server = startServer(vertx, db, new Engine(), port);
    warmUp(server.actualPort(), db);
    System.out.println("serving " + dir + " on 127.0.0.1:" + server.actualPort());
    Thread.sleep(Long.MAX_VALUE);
  }

  static void run(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    List<String> queries = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args[2]))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        queries.add(line.strip());
      }
    }
    long end = (long) (Double.parseDouble(args[3]) * 1000);
    long start = (long) (Double.parseDouble(args[4]) * 1000);
    long step = args.length > 5 ? (long) (Double.parseDouble(args[5]) * 1000) : 15_000;
    int repeats = args.length > 6 ? Integer.parseInt(args[6]) : 21;
    String how = args.length > 7 ? args[7] : "both";
    long t0 = System.nanoTime();
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0))) {
      System.out.printf("opened %s (%,d series) in %.1f s; %d warm-up + %d timed runs each, medians%n", dir,
          db.totalSeries(), (System.nanoTime() - t0) / 1e9, WARMUP, repeats);
      Engine engine = new Engine();
      if (!how.equals("http")) {
        System.out.println("== engine (in-process): wall ms / thread CPU ms");
        for (String q : queries) {
          double[] inst = timeEngine(() -> engine.instantQuery(db, q, end).exec(), repeats);
          double[] range = timeEngine(() -> engine.rangeQuery(db, q, start, end, step).exec(), repeats);
          print(q, inst, range);
        }
      }
      if (!how.equals("engine")) {
        Vertx vertx = Vertx.vertx();
        HttpServer server = startServer(vertx, db, engine, 0);
        warmUp(server.actualPort(), db);
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.actualPort();
        System.out.println("== HTTP /api/v1/query(_range) on loopback: wall ms / mean process CPU ms (client included)");
        for (String q : queries) {
          String e = URLEncoder.encode(q, StandardCharsets.UTF_8);
          URI inst = URI.create(base + "/api/v1/query?query=" + e + "&time=" + seconds(end));
          URI range = URI.create(base + "/api/v1/query_range?query=" + e + "&start=" + seconds(start) + "&end="
              + seconds(end) + "&step=" + seconds(step));
          print(q, timeHttp(client, inst, repeats), timeHttp(client, range, repeats));
        }
        server.close().toCompletionStage().toCompletableFuture().get();
        vertx.close().toCompletionStage().toCompletableFuture().get();
      }
    }
  }

  /** Storage alone: sorted select of {@code label="value"} over the range and every sample decoded. */
  static void decode(String[] args) throws Exception {
    io.promethium.tsdb.Matcher m = io.promethium.tsdb.Matcher.equal(args[2], args[3]);
    long mint = (long) (Double.parseDouble(args[4]) * 1000);
    long maxt = (long) (Double.parseDouble(args[5]) * 1000);
    int repeats = args.length > 6 ? Integer.parseInt(args[6]) : 21;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (Tsdb db = Tsdb.open(TsdbOptions.of(Path.of(args[1])).withRetentionTime(0).withCheckpointInterval(0))) {
      double[] wall = new double[repeats];
      double[] cpu = new double[repeats];
      long series = 0;
      long samples = 0;
      for (int r = -WARMUP; r < repeats; r++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        series = 0;
        samples = 0;
        double sum = 0;
        try (io.promethium.tsdb.Querier q = db.querier(mint, maxt)) {
          io.promethium.tsdb.SeriesSet set = q.select(true, null, m);
          while (set.next()) {
            series++;
            io.promethium.tsdb.SampleIterator it = set.at().iterator();
            while (it.next()) {
              samples++;
              sum += it.v();
            }
          }
        }
        if (r >= 0) {
          wall[r] = (System.nanoTime() - w0) / 1e6;
          cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        if (Double.isNaN(sum) && r == 0) {
          System.out.println("(NaN values present)");
        }
      }
      System.out.printf("select+decode %,d series / %,d samples: median %.1f ms wall, %.1f ms thread CPU (%.0f ns/sample)%n",
          series, samples, median(wall), median(cpu), median(cpu) * 1e6 / samples);
    }
  }

  /** With {@code -DapiWarmup=N}: {@link ApiWarmup} sends N requests at the data's end time first. */
  private static void warmUp(int port, Tsdb db) {
    int n = Integer.getInteger("apiWarmup", 0);
    if (n > 0) {
      long t0 = System.nanoTime();
      int ok = ApiWarmup.run("127.0.0.1", port, n, db.maxTime());
      System.out.printf("API warm-up: %d requests (%d ok) in %.1f s%n", n, ok, (System.nanoTime() - t0) / 1e9);
    }
  }

  private static String seconds(long ms) {
    return String.format("%.3f", ms / 1000.0);
  }

  private static void print(String q, double[] inst, double[] range) {
    System.out.printf("%8.2f / %6.2f ms  %8.2f / %6.2f ms  %s%n", inst[0], inst[1], range[0], range[1], q);
  }

  private static double[] timeEngine(java.util.function.Supplier<Result> run, int repeats) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < WARMUP; i++) {
      run.get();
    }
    double[] wall = new double[repeats];
    double[] cpu = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      run.get();
      wall[i] = (System.nanoTime() - w0) / 1e6;
      cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    return new double[] {median(wall), median(cpu)};
  }

  private static double[] timeHttp(HttpClient client, URI uri, int repeats) throws IOException, InterruptedException {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
    for (int i = 0; i < WARMUP; i++) {
      check(client.send(req, HttpResponse.BodyHandlers.ofByteArray()));
    }
    double[] wall = new double[repeats];
    // The process CPU clock ticks in 10 ms steps: report the mean over all runs instead of a median.
    long c0 = os.getProcessCpuTime();
    for (int i = 0; i < repeats; i++) {
      long w0 = System.nanoTime();
      check(client.send(req, HttpResponse.BodyHandlers.ofByteArray()));
      wall[i] = (System.nanoTime() - w0) / 1e6;
    }
    return new double[] {median(wall), (os.getProcessCpuTime() - c0) / 1e6 / repeats};
  }

  private static void check(HttpResponse<byte[]> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException(r.uri() + " -> " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
