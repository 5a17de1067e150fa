package io.promethium.promql;

import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** histogram_quantile over classic {@code le} buckets, with Prometheus's interpolation and fix-ups. */
final class HistogramQuantile {
  private HistogramQuantile() {}

  static StepVector eval(Evaluator ev, double[] q, StepVector in) {
    // Group series by their labels without "le", keeping the metric name so that two histograms that
    // differ only by name are not merged: their outputs then collide, which is an error (prometheus#9910).
    HashMap<Labels, Integer> groupIds = new HashMap<>();
    List<Labels> groupLabels = new ArrayList<>();
    int[] gid = new int[in.series().size()];
    double[] upper = new double[in.series().size()];
    for (int s = 0; s < gid.length; s++) {
      StepSeries ss = in.series().get(s);
      String le = ss.labels().get("le");
      double ub;
      try {
        ub = parseGoFloat(le);
      } catch (NumberFormatException e) {
        gid[s] = -1;
        continue;
      }
      upper[s] = ub;
      Labels key = ss.labels().without(List.of("le"));
      Integer id = groupIds.get(key);
      if (id == null) {
        id = groupLabels.size();
        groupIds.put(key, id);
        groupLabels.add(key);
      }
      gid[s] = id;
    }
    int groups = groupLabels.size();
    int[] sizes = new int[groups];
    int[][] members = new int[groups][];
    for (int s = 0; s < gid.length; s++) {
      if (gid[s] >= 0) {
        sizes[gid[s]]++;
      }
    }
    for (int g = 0; g < groups; g++) {
      members[g] = new int[sizes[g]];
      sizes[g] = 0;
    }
    for (int s = 0; s < gid.length; s++) {
      if (gid[s] >= 0) {
        members[gid[s]][sizes[gid[s]]++] = s;
      }
    }
    SeriesCollector out = new SeriesCollector(ev.ctx, ev.steps);
    StepSeries[] outSeries = new StepSeries[groups];
    double[] ub = new double[gid.length];
    double[] cnt = new double[gid.length];
    int[] order = new int[gid.length];
    for (int i = 0; i < ev.steps; i++) {
      for (int g = 0; g < groups; g++) {
        int n = 0;
        for (int s : members[g]) {
          StepSeries ss = in.series().get(s);
          if (ss.has[i]) {
            ub[n] = upper[s];
            cnt[n] = ss.vals[i];
            order[n] = n;
            n++;
          }
        }
        if (n == 0) {
          continue;
        }
        if (outSeries[g] == null) {
          outSeries[g] = out.series(groupLabels.get(g).withoutMetricName());
        }
        out.put(outSeries[g], i, bucketQuantile(q[i], ub, cnt, order, n));
      }
    }
    return new StepVector(out.result());
  }

  private static double parseGoFloat(String s) {
    String l = s.toLowerCase(java.util.Locale.ROOT);
    return switch (l) {
      case "+inf", "inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> {
        if (s.isEmpty() || l.endsWith("d") || l.endsWith("f")) {
          throw new NumberFormatException(s);
        }
        yield Double.parseDouble(s);
      }
    };
  }

  static double bucketQuantile(double q, double[] ubIn, double[] cntIn, int[] order, int n) {
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    IndexSort.sort(order, n, (a, b) -> Double.compare(ubIn[a], ubIn[b]));
    double[] ub = new double[n];
    double[] cnt = new double[n];
    // Coalesce buckets with the same upper bound (possible after label changes).
    int m = 0;
    for (int k = 0; k < n; k++) {
      int i = order[k];
      if (m > 0 && ub[m - 1] == ubIn[i]) {
        cnt[m - 1] += cntIn[i];
      } else {
        ub[m] = ubIn[i];
        cnt[m] = cntIn[i];
        m++;
      }
    }
    if (!(ub[m - 1] == Double.POSITIVE_INFINITY)) {
      return Double.NaN;
    }
    // Force monotonic counts: a smaller count after a larger one is raised to it.
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < m; i++) {
      if (cnt[i] > max) {
        max = cnt[i];
      } else if (cnt[i] < max) {
        cnt[i] = max;
      }
    }
    if (m < 2) {
      return Double.NaN;
    }
    double observations = cnt[m - 1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = 0;
    int lo = 0;
    int hi = m - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cnt[mid] >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    b = lo;
    if (b == m - 1) {
      return ub[m - 2];
    }
    if (b == 0 && ub[0] <= 0) {
      return ub[0];
    }
    double bucketStart = 0;
    double bucketEnd = ub[b];
    double count = cnt[b];
    if (b > 0) {
      bucketStart = ub[b - 1];
      count -= cnt[b - 1];
      rank -= cnt[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }
}
