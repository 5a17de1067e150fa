package io.promethium.promql;

import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.StaleNaN;
import java.util.Arrays;

/** Growable primitive arrays holding one series' samples; reused across series to avoid garbage. */
final class SampleBuffer {
  long[] ts = new long[256];
  double[] vs = new double[256];
  int n;

  void clear() {
    n = 0;
  }

  void add(long t, double v) {
    if (n == ts.length) {
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
    }
    ts[n] = t;
    vs[n] = v;
    n++;
  }

  /** Loads samples with mint &lt;= t &lt;= maxt; stale markers are kept only when {@code keepStale}. */
  void load(SampleIterator it, long mint, long maxt, boolean keepStale) {
    n = 0;
    if (!it.seek(mint)) {
      return;
    }
    do {
      long t = it.t();
      if (t > maxt) {
        break;
      }
      double v = it.v();
      if (keepStale || !StaleNaN.isStale(v)) {
        add(t, v);
      }
    } while (it.next());
  }
}
