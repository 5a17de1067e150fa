package io.promethium.api;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SampleIterator;
import io.promethium.tsdb.SelectHints;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.StaleNaN;
import io.promethium.tsdb.Storage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /federate}: the latest sample (within the lookback delta) of every series matching any
 * {@code match[]}, in the text exposition format, one untyped family per metric name. As in
 * Prometheus: stale markers are dropped, nameless series skipped, and external labels (always
 * including {@code instance}, empty when unset) are appended when the series lacks them.
 */
final class FederationEndpoint {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Storage storage;
  /** Read per request: a config reload may change them. */
  private final Supplier<Labels> externalLabels;
  private final long lookbackDeltaMs;

  FederationEndpoint(Storage storage, Supplier<Labels> externalLabels, long lookbackDeltaMs) {
    this.storage = storage;
    this.externalLabels = externalLabels;
    this.lookbackDeltaMs = lookbackDeltaMs;
  }

  private record Point(Labels labels, long t, double v) {}

  ApiResponse handle(ApiRequest r) {
    List<Matcher[]> sets = new ArrayList<>();
    for (String s : r.params("match[]")) {
      try {
        sets.add(SeriesSelector.parse(s));
      } catch (IllegalArgumentException e) {
        return ApiResponse.text(400, e.getMessage());
      }
    }
    long maxt = System.currentTimeMillis();
    long mint = maxt - lookbackDeltaMs;
    List<Point> points = new ArrayList<>();
    try (Querier q = storage.querier(mint, maxt)) {
      SelectHints hints = new SelectHints(mint, maxt, 0, null, 0);
      TreeMap<Labels, Point> merged = new TreeMap<>();
      for (Matcher[] ms : sets) {
        SeriesSet set = q.select(true, hints, ms);
        while (set.next()) {
          Labels l = set.at().labels();
          if (merged.containsKey(l)) {
            continue;
          }
          SampleIterator it = set.at().iterator();
          boolean found = false;
          long t = 0;
          double v = 0;
          while (it.next()) {
            if (it.t() > maxt) {
              break;
            }
            found = true;
            t = it.t();
            v = it.v();
          }
          if (found && !StaleNaN.isStale(v)) {
            merged.put(l, new Point(l, t, v));
          }
        }
      }
      points.addAll(merged.values());
    }
    // byName: stable sort by metric name only, keeping label order within a name.
    points.sort((a, b) -> a.labels.metricName().compareTo(b.labels.metricName()));

    TreeSet<String> extNames = new TreeSet<>();
    Labels ext = externalLabels.get();
    for (int i = 0; i < ext.size(); i++) {
      extNames.add(ext.name(i));
    }
    extNames.add("instance");

    StringBuilder sb = new StringBuilder(256);
    Buffer out = Buffer.buffer(Math.max(256, points.size() * 96));
    String lastName = null;
    for (Point p : points) {
      String name = p.labels.metricName();
      if (name == null || name.isEmpty()) {
        continue; // Prometheus ignores nameless metrics during federation
      }
      sb.setLength(0);
      if (!name.equals(lastName)) {
        sb.append("# TYPE ").append(name).append(" untyped\n");
        lastName = name;
      }
      sb.append(name).append('{');
      boolean first = true;
      for (int i = 0; i < p.labels.size(); i++) {
        String ln = p.labels.name(i);
        String lv = p.labels.value(i);
        if (lv.isEmpty() || ln.equals(Labels.METRIC_NAME)) {
          continue;
        }
        first = appendLabel(sb, first, ln, lv);
      }
      for (String ln : extNames) {
        if (p.labels.get(ln).isEmpty()) {
          String ev = ext.get(ln);
          first = appendLabel(sb, first, ln, ev == null ? "" : ev);
        }
      }
      sb.append("} ");
      sb.append(p.v == 0 ? "0" : GoFloat.exposition(p.v));
      sb.append(' ').append(p.t).append('\n');
      out.appendString(sb.toString());
    }
    return new ApiResponse(200, CONTENT_TYPE, out, null);
  }

  private static boolean appendLabel(StringBuilder sb, boolean first, String name, String value) {
    if (!first) {
      sb.append(',');
    }
    sb.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    sb.append('"');
    return false;
  }
}
