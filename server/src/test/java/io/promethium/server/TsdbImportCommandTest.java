package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code promethium tsdb import openmetrics}: what goes in comes back out, bit for bit. */
class TsdbImportCommandTest {
  @TempDir Path dir;

  @Test
  void importedSamplesAreExactlyTheFilesSamples() throws Exception {
    // A generated file: 3 families, 20 series, 300 samples each at 15 s, values with edge cases.
    Random rnd = new Random(42);
    long start = 1_700_000_000_000L;
    Map<Labels, List<double[]>> expected = new LinkedHashMap<>();
    StringBuilder om = new StringBuilder();
    om.append("# TYPE istio_requests counter\n# HELP istio_requests Total requests.\n");
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String name = i < 10 ? "istio_requests_total" : i < 15 ? "envoy_cluster_upstream_cx_active" : "weird";
      series.add(Labels.of("__name__", name, "pod", "p-" + i, "code", i % 2 == 0 ? "200" : "503",
          "path", "/a\"b\\c\nd"));
    }
    for (Labels l : series) {
      List<double[]> samples = new ArrayList<>();
      double v = 0;
      for (int j = 0; j < 300; j++) {
        long t = start + j * 15_000L;
        v = switch (j % 50) {
          case 7 -> Double.NaN;
          case 8 -> Double.POSITIVE_INFINITY;
          case 9 -> Double.NEGATIVE_INFINITY;
          case 10 -> -0.0;
          default -> v + rnd.nextInt(100) + rnd.nextDouble();
        };
        samples.add(new double[] {t, v});
        om.append(render(l)).append(' ').append(formatValue(v)).append(' ').append(t / 1000).append('.')
            .append(String.format("%03d", t % 1000)).append('\n');
        if (Double.isInfinite(v) || Double.isNaN(v) || v == 0) {
          v = 0;
        }
      }
      expected.put(l, samples);
    }
    om.append("# EOF\n");
    Path file = dir.resolve("in.om");
    Files.writeString(file, om);
    Path data = dir.resolve("data");

    int code = new CommandLine(new ServerCommand()).execute("tsdb", "import", "openmetrics", file.toString(), data.toString());
    assertThat(code).isZero();

    try (Tsdb tsdb = Tsdb.open(TsdbOptions.of(data)); Querier q = tsdb.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, null, Matcher.regex("__name__", ".+"));
      int n = 0;
      while (set.next()) {
        Labels l = set.at().labels();
        List<double[]> want = expected.get(l);
        assertThat(want).as("unexpected series %s", l).isNotNull();
        SampleIterator it = set.at().iterator();
        int i = 0;
        while (it.next()) {
          assertThat(it.t()).isEqualTo((long) want.get(i)[0]);
          double w = want.get(i)[1];
          if (Double.isNaN(w)) {
            // "NaN" parses to Go's math.NaN() bit pattern, as in Prometheus; it is never the stale marker.
            assertThat(Double.doubleToRawLongBits(it.v())).isEqualTo(0x7ff8000000000001L);
          } else {
            assertThat(Double.doubleToRawLongBits(it.v())).as("%s sample %d", l, i)
                .isEqualTo(Double.doubleToRawLongBits(w));
          }
          i++;
        }
        assertThat(i).isEqualTo(want.size());
        n++;
      }
      assertThat(n).isEqualTo(expected.size());
    }
  }

  @Test
  void samplesWithoutTimestampsAreRefused() throws Exception {
    Path file = dir.resolve("bad.om");
    Files.writeString(file, "up{job=\"a\"} 1\n# EOF\n");
    int code = new CommandLine(new ServerCommand()).execute("tsdb", "import", "openmetrics", file.toString(),
        dir.resolve("d").toString());
    assertThat(code).isEqualTo(1);
  }

  private static String render(Labels l) {
    StringBuilder sb = new StringBuilder(l.metricName()).append('{');
    boolean first = true;
    for (int i = 0; i < l.size(); i++) {
      if (l.name(i).equals("__name__")) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(l.name(i)).append("=\"")
          .append(l.value(i).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }
    return sb.append('}').toString();
  }

  private static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }
}
