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
      return ApiDuration.parseNanos(r.param(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /**
   * {@code match[]} selectors; each set must have a matcher that does not match the empty string.
   * Prometheus 2.42 prefixes these errors with {@code invalid parameter "match[]": } on /series
   * ({@code prefixed}) but not on /labels and /label/.../values.
   */
  static List<Matcher[]> matcherSets(List<String> selectors, boolean prefixed) {
    List<Matcher[]> sets = new ArrayList<>(selectors.size());
    try {
      for (String s : selectors) {
        sets.add(SeriesSelector.parse(s));
      }
      for (Matcher[] ms : sets) {
        if (!SeriesSelector.hasNonEmptyMatcher(ms)) {
          throw new IllegalArgumentException("match[] must contain at least one non-empty matcher");
        }
      }
    } catch (IllegalArgumentException e) {
      throw prefixed ? ApiException.invalidParam("match[]", e.getMessage()) : ApiException.badData(e.getMessage());
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
