package io.promethium.promql;

import io.promethium.promql.value.Matrix;
import io.promethium.promql.value.MatrixSeries;
import io.promethium.promql.value.Sample;
import io.promethium.promql.value.Scalar;
import io.promethium.promql.value.Value;
import io.promethium.promql.value.Vector;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Manual side-by-side tool (not a unit test): loads an OpenMetrics dump (as written by
 * shared/bench/istio_mesh_exporter.py --dump-openmetrics) into a Tsdb, runs the Istio dashboard
 * queries as instant and range queries, and prints timings and canonical results for
 * compare_with_prometheus.py to diff against a Prometheus 2.42 holding the same data.
 * Args: dump-file queries-file evalTimeSeconds rangeSeconds stepSeconds out-file
 */
public final class IstioComparison {
  private IstioComparison() {}

  public static void main(String[] args) throws Exception {
    Path dump = Path.of(args[0]);
    long t = Long.parseLong(args[2]) * 1000;
    long range = Long.parseLong(args[3]) * 1000;
    long step = Long.parseLong(args[4]) * 1000;
    Path dir = Files.createTempDirectory("istio-cmp");
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withRetentionTime(0).withCheckpointInterval(0));
        PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[5])), false, StandardCharsets.UTF_8)) {
      long t0 = System.nanoTime();
      Map<String, Labels> seen = new HashMap<>();
      Map<String, Long> refs = new HashMap<>();
      Appender app = db.appender();
      long n = 0;
      try (BufferedReader r = Files.newBufferedReader(dump)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int brace = line.lastIndexOf('}');
          String series = line.substring(0, brace + 1);
          String[] rest = line.substring(brace + 1).trim().split(" ");
          Labels l = seen.computeIfAbsent(series, s -> io.promethium.promql.promqltest.TestLabels.parse(s));
          double v = io.promethium.promql.promqltest.TestLabels.number(rest[0]);
          long ts = (long) (Double.parseDouble(rest[1]) * 1000);
          Long ref = refs.get(series);
          long nr = app.append(ref == null ? 0 : ref, ref == null ? l : null, ts, v);
          refs.put(series, nr);
          if (++n % 200_000 == 0) {
            app.commit();
            app = db.appender();
          }
        }
      }
      app.commit();
      System.out.printf("loaded %d samples of %d series in %d ms%n", n, seen.size(), (System.nanoTime() - t0) / 1_000_000);
      Engine engine = new Engine();
      List<String> queries = new ArrayList<>();
      if (args[1].equals("istio")) {
        queries = IstioDashboardQueriesTest.queries();
      } else {
        for (String l : Files.readAllLines(Path.of(args[1]))) {
          int c = l.indexOf("    # ");
          String q = (c >= 0 ? l.substring(0, c) : l).trim();
          if (!q.isEmpty() && !l.startsWith("#")) {
            queries.add(q);
          }
        }
      }
      List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(queries));
      for (int pass = 0; pass < 2; pass++) { // first pass warms the JIT
        for (int i = 0; i < distinct.size(); i++) {
          String q = distinct.get(i);
          long a = System.nanoTime();
          Value iv = null;
          Value rv = null;
          String ie = null;
          String re = null;
          try {
            iv = engine.instantQuery(db, q, t).exec().value();
          } catch (RuntimeException e) {
            ie = e.getMessage();
          }
          long b = System.nanoTime();
          try {
            rv = engine.rangeQuery(db, q, t - range, t, step).exec().value();
          } catch (RuntimeException e) {
            re = e.getMessage();
          }
          long c = System.nanoTime();
          if (pass == 1) {
            out.printf("Q\t%d\t%.3f\t%.3f\t%s%n", i, (b - a) / 1e6, (c - b) / 1e6, q);
            if (ie != null) {
              out.printf("EI\t%d\t%s%n", i, ie.replace('\n', ' ').replace('\t', ' '));
            } else {
              print(out, "I", i, iv);
            }
            if (re != null) {
              out.printf("ER\t%d\t%s%n", i, re.replace('\n', ' ').replace('\t', ' '));
            } else {
              print(out, "R", i, rv);
            }
          }
        }
      }
    }
  }

  private static void print(PrintStream out, String kind, int i, Value v) {
    switch (v) {
      case Scalar s -> out.printf("%s\t%d\t{}\t%d\t%s%n", kind, i, s.t(), Double.toString(s.v()));
      case io.promethium.promql.value.StringValue s -> out.printf("%s\t%d\t{}\t%d\tNaN%n", kind, i, s.t());
      case Vector vec -> {
        for (Sample s : vec.samples()) {
          out.printf("%s\t%d\t%s\t%d\t%s%n", kind, i, canon(s.labels()), s.t(), Double.toString(s.v()));
        }
      }
      case Matrix m -> {
        for (MatrixSeries s : m.series()) {
          for (int k = 0; k < s.size(); k++) {
            // Instant matrix results are keyed by sample time like range results.
            out.printf("%s\t%d\t%s\t%d\t%s%n", kind.equals("I") ? "M" : kind, i, canon(s.labels()), s.ts()[k],
                Double.toString(s.vs()[k]));
          }
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  private static String canon(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(l.name(i)).append('=').append(l.value(i));
    }
    return sb.append('}').toString();
  }
}
