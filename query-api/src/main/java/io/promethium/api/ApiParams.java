package io.promethium.api;

import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;

/** Parameter readers shared by the endpoints, with Prometheus's error wording. */
final class ApiParams {
  private ApiParams() {}

  /**
   * {@code parseTimeParam}: the parameter's time in ms, or {@code defaultMs} when absent or empty.
   * Errors read {@code invalid parameter "start": Invalid time value for 'start': cannot parse ...}.
   */
  static long time(ApiRequest r, String name, long defaultMs) {
    String v = r.param(name);
    if (v.isEmpty()) {
      return defaultMs;
    }
    try {
      return PrometheusTime.parse(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, "Invalid time value for '" + name + "': " + e.getMessage());
    }
  }

  /** A required time ({@code start}/{@code end} of query_range): no wrapper text in the error. */
  static long requiredTime(ApiRequest r, String name) {
    try {
      return PrometheusTime.parse(r.param(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /** A duration in nanoseconds. */
  static long duration(ApiRequest r, String name) {
    try {
      return PrometheusDuration.parseNanos(r.param(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /**
   * {@code match[]} selectors; each set must have a matcher that does not match the empty string.
   * Parse errors are bad_data without the "invalid parameter" prefix, as in Prometheus.
   */
  static List<Matcher[]> matcherSets(List<String> selectors) {
    List<Matcher[]> sets = new ArrayList<>(selectors.size());
    for (String s : selectors) {
      Matcher[] ms;
      try {
        ms = SeriesSelector.parse(s);
      } catch (IllegalArgumentException e) {
        throw ApiException.badData(e.getMessage());
      }
      sets.add(ms);
    }
    for (Matcher[] ms : sets) {
      if (!SeriesSelector.hasNonEmptyMatcher(ms)) {
        throw ApiException.badData("match[] must contain at least one non-empty matcher");
      }
    }
    return sets;
  }

  /** {@code limit} as Prometheus's metadata endpoints read it: -1 when absent. */
  static int limit(ApiRequest r) {
    String s = r.param("limit");
    if (s.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.badData("limit must be a number");
    }
  }
}
