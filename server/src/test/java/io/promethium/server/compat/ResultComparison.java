package io.promethium.server.compat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Compares two Prometheus HTTP API query responses the way the PromQL compliance tester does
 * (METHOD.md §3), with the tighter tolerance issue 7 asks for: same status (errors must have the
 * same errorType), same resultType, same label sets, identical timestamps, values within a
 * relative tolerance, NaN equal to NaN and ±Inf only to itself. Series order is ignored except for
 * instant queries whose outermost function is sort/sort_desc, where the value sequence must match
 * (ties may come in any order, as in Prometheus).
 */
final class ResultComparison {
  private static final Pattern ORDERED = Pattern.compile("^\\s*sort(_desc)?\\s*\\(");

  private final double relTolerance;

  ResultComparison(double relTolerance) {
    this.relTolerance = relTolerance;
  }

  /** Returns null when equivalent, else a one-line description of the first difference. */
  String difference(JsonObject ref, JsonObject test, String query, boolean instant) {
    String rs = ref.getString("status");
    String ts = test.getString("status");
    if (!"success".equals(rs) || !"success".equals(ts)) {
      if (Objects.equals(rs, ts)) {
        return Objects.equals(ref.getString("errorType"), test.getString("errorType")) ? null
            : "errorType " + ref.getString("errorType") + " vs " + test.getString("errorType");
      }
      if (!"success".equals(rs)) {
        return "Prometheus fails (" + ref.getString("errorType") + ": " + ref.getString("error")
            + "), Promethium succeeds";
      }
      return "Promethium fails (" + test.getString("errorType") + ": " + abbreviate(test.getString("error")) + ")";
    }
    JsonObject rd = ref.getJsonObject("data");
    JsonObject td = test.getJsonObject("data");
    String kind = rd.getString("resultType");
    if (!kind.equals(td.getString("resultType"))) {
      return "resultType " + kind + " vs " + td.getString("resultType");
    }
    if (kind.equals("scalar") || kind.equals("string")) {
      JsonArray a = rd.getJsonArray("result");
      JsonArray b = td.getJsonArray("result");
      if (a.getDouble(0).doubleValue() != b.getDouble(0).doubleValue()) {
        return "timestamp " + a.getValue(0) + " vs " + b.getValue(0);
      }
      boolean same = kind.equals("string") ? a.getString(1).equals(b.getString(1))
          : sameValue(parse(a.getString(1)), parse(b.getString(1)));
      return same ? null : "value " + a.getString(1) + " vs " + b.getString(1);
    }
    Map<Map<String, String>, JsonArray> refSeries = series(rd.getJsonArray("result"));
    Map<Map<String, String>, JsonArray> testSeries = series(td.getJsonArray("result"));
    if (testSeries.size() != td.getJsonArray("result").size()) {
      return "Promethium returned duplicate label sets";
    }
    List<Map<String, String>> missing = new ArrayList<>();
    List<Map<String, String>> extra = new ArrayList<>();
    refSeries.keySet().forEach(k -> {
      if (!testSeries.containsKey(k)) {
        missing.add(k);
      }
    });
    testSeries.keySet().forEach(k -> {
      if (!refSeries.containsKey(k)) {
        extra.add(k);
      }
    });
    if (!missing.isEmpty() || !extra.isEmpty()) {
      return "series: " + refSeries.size() + " vs " + testSeries.size() + "; missing "
          + missing.subList(0, Math.min(2, missing.size())) + "; extra " + extra.subList(0, Math.min(2, extra.size()));
    }
    for (Map.Entry<Map<String, String>, JsonArray> e : refSeries.entrySet()) {
      JsonArray a = e.getValue();
      JsonArray b = testSeries.get(e.getKey());
      if (a.size() != b.size()) {
        return e.getKey() + ": " + a.size() + " points vs " + b.size();
      }
      for (int i = 0; i < a.size(); i++) {
        JsonArray pa = a.getJsonArray(i);
        JsonArray pb = b.getJsonArray(i);
        if (pa.getDouble(0).doubleValue() != pb.getDouble(0).doubleValue()) {
          return e.getKey() + ": timestamp " + pa.getValue(0) + " vs " + pb.getValue(0);
        }
        if (!sameValue(parse(pa.getString(1)), parse(pb.getString(1)))) {
          return e.getKey() + " @" + pa.getValue(0) + ": " + pa.getString(1) + " vs " + pb.getString(1);
        }
      }
    }
    if (instant && kind.equals("vector") && ORDERED.matcher(query).find()) {
      JsonArray a = rd.getJsonArray("result");
      JsonArray b = td.getJsonArray("result");
      for (int i = 0; i < a.size(); i++) {
        String va = a.getJsonObject(i).getJsonArray("value").getString(1);
        String vb = b.getJsonObject(i).getJsonArray("value").getString(1);
        if (!sameValue(parse(va), parse(vb))) {
          return "order of the sorted result differs at position " + i + ": " + va + " vs " + vb;
        }
      }
    }
    return null;
  }

  boolean sameValue(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (Double.isInfinite(a) || Double.isInfinite(b)) {
      return a == b;
    }
    return a == b || Math.abs(a - b) <= relTolerance * Math.max(Math.abs(a), Math.abs(b));
  }

  /** Label set → points ([[t, "v"], ...]; an instant vector element becomes one point). */
  private static Map<Map<String, String>, JsonArray> series(JsonArray result) {
    Map<Map<String, String>, JsonArray> out = new HashMap<>();
    for (int i = 0; i < result.size(); i++) {
      JsonObject s = result.getJsonObject(i);
      Map<String, String> labels = new TreeMap<>();
      s.getJsonObject("metric").forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
      JsonArray points = s.containsKey("values") ? s.getJsonArray("values") : new JsonArray().add(s.getJsonArray("value"));
      out.put(labels, points);
    }
    return out;
  }

  /** Prometheus writes floats as Go's strconv 'f'/'e' forms plus "+Inf", "-Inf" and "NaN". */
  static double parse(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  private static String abbreviate(String s) {
    return s == null || s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
