package io.promethium.scrape;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.StaleNaN;
import io.promethium.tsdb.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads back what a test wrote, rendering samples as {@code t=v} strings ({@code t=stale} for markers). */
final class StoredSamples {
  private StoredSamples() {}

  static Map<Labels, List<String>> select(Storage storage, Matcher... matchers) {
    Map<Labels, List<String>> out = new TreeMap<>();
    try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, null, matchers);
      while (ss.next()) {
        List<String> samples = new ArrayList<>();
        SampleIterator it = ss.at().iterator();
        while (it.next()) {
          double v = it.v();
          samples.add(it.t() + "=" + (StaleNaN.isStale(v) ? "stale" : Double.isNaN(v) ? "NaN" : fmt(v)));
        }
        out.put(ss.at().labels(), samples);
      }
    }
    return out;
  }

  /** Samples of the series with exactly these labels (empty list when absent). */
  static List<String> series(Storage storage, Labels labels) {
    List<Matcher> ms = new ArrayList<>();
    labels.forEach((n, v) -> ms.add(Matcher.equal(n, v)));
    Map<Labels, List<String>> all = select(storage, ms.toArray(new Matcher[0]));
    List<String> s = all.get(labels);
    return s == null ? List.of() : s;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
