package io.promethium.tsdb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads query results into plain collections for assertions. */
final class TsdbTestSupport {
  private TsdbTestSupport() {}

  /** Series (in returned order) → list of {t, raw value bits}. */
  static Map<Labels, List<long[]>> read(Storage db, long mint, long maxt, boolean sorted, Matcher... ms) {
    Map<Labels, List<long[]>> out = new LinkedHashMap<>();
    try (Querier q = db.querier(mint, maxt)) {
      SeriesSet set = q.select(sorted, null, ms);
      while (set.next()) {
        Series s = set.at();
        List<long[]> samples = new ArrayList<>();
        SampleIterator it = s.iterator();
        while (it.next()) {
          samples.add(new long[] {it.t(), Double.doubleToRawLongBits(it.v())});
        }
        out.put(s.labels(), samples);
      }
    }
    return out;
  }

  static long[] sample(long t, double v) {
    return new long[] {t, Double.doubleToRawLongBits(v)};
  }
}
