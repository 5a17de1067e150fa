package io.promethium.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.SelectHints;
import io.promethium.tsdb.SeriesSet;
import io.promethium.tsdb.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Series and label lookups straight on the storage ({@code /series}, {@code /labels},
 * {@code /label/<name>/values}, {@code /query_exemplars}) and scraped metric metadata
 * ({@code /metadata}, {@code /targets/metadata}).
 */
final class MetadataEndpoints {
  private final Storage storage;
  private final MetadataSource metadata;
  private final QueryBackend queryParser; // may be null

  MetadataEndpoints(Storage storage, MetadataSource metadata, QueryBackend queryParser) {
    this.storage = storage;
    this.metadata = metadata;
    this.queryParser = queryParser;
  }

  ApiResponse series(ApiRequest r) throws IOException {
    List<String> selectors = r.params("match[]");
    if (selectors.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    long start = ApiParams.time(r, "start", PrometheusTime.MIN_TIME_MS);
    long end = ApiParams.time(r, "end", PrometheusTime.MAX_TIME_MS);
    List<Matcher[]> sets = ApiParams.matcherSets(selectors, true);
    SelectHints hints = new SelectHints(start, end, 0, "series", 0);
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    try (Querier q = storage.querier(start, end)) {
      g.writeStartArray();
      if (sets.size() == 1) {
        SeriesSet set = q.select(true, hints, sets.get(0));
        while (set.next()) {
          ApiJson.writeLabels(g, set.at().labels());
        }
      } else {
        // Several selectors: merged and de-duplicated in label order, like storage.NewMergeSeriesSet.
        TreeSet<Labels> all = new TreeSet<>();
        for (Matcher[] ms : sets) {
          SeriesSet set = q.select(true, hints, ms);
          while (set.next()) {
            all.add(set.at().labels());
          }
        }
        for (Labels l : all) {
          ApiJson.writeLabels(g, l);
        }
      }
      g.writeEndArray();
    }
    return ApiResponse.json(json.finish(null));
  }

  /** {@code DELETE /api/v1/series} exists in Prometheus but always fails. */
  ApiResponse dropSeries(ApiRequest r) {
    throw new ApiException(ErrorType.INTERNAL, "not implemented");
  }

  ApiResponse labelNames(ApiRequest r) throws IOException {
    long start = ApiParams.time(r, "start", PrometheusTime.MIN_TIME_MS);
    long end = ApiParams.time(r, "end", PrometheusTime.MAX_TIME_MS);
    List<Matcher[]> sets = ApiParams.matcherSets(r.params("match[]"), false);
    List<String> names;
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) {
        names = q.labelNames();
      } else {
        TreeSet<String> all = new TreeSet<>();
        for (Matcher[] ms : sets) {
          all.addAll(q.labelNames(ms));
        }
        names = new ArrayList<>(all);
      }
    }
    return stringList(names);
  }

  ApiResponse labelValues(ApiRequest r) throws IOException {
    String name = r.pathParam("name");
    if (!Labels.isValidName(name)) {
      throw ApiException.badData("invalid label name: " + GoQuote.quote(name));
    }
    long start = ApiParams.time(r, "start", PrometheusTime.MIN_TIME_MS);
    long end = ApiParams.time(r, "end", PrometheusTime.MAX_TIME_MS);
    List<Matcher[]> sets = ApiParams.matcherSets(r.params("match[]"), false);
    List<String> values;
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) {
        values = q.labelValues(name);
      } else {
        TreeSet<String> all = new TreeSet<>();
        for (Matcher[] ms : sets) {
          all.addAll(q.labelValues(name, ms));
        }
        values = new ArrayList<>(all);
      }
    }
    return stringList(values);
  }

  /**
   * Exemplar storage is not implemented; Prometheus without the feature answers the same empty
   * list. The query is still parsed when an engine is present, so bad queries fail as there.
   */
  ApiResponse queryExemplars(ApiRequest r) throws IOException {
    long start = ApiParams.time(r, "start", PrometheusTime.MIN_TIME_MS);
    long end = ApiParams.time(r, "end", PrometheusTime.MAX_TIME_MS);
    if (end < start) {
      throw ApiException.badData("end timestamp must not be before start timestamp");
    }
    if (queryParser != null) {
      try {
        queryParser.format(r.param("query"));
      } catch (IllegalArgumentException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    ApiJson json = ApiJson.success();
    json.gen().writeStartArray();
    json.gen().writeEndArray();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse metricMetadata(ApiRequest r) throws IOException {
    int limit = ApiParams.limit(r);
    String metric = r.param("metric");
    // metric name -> distinct (type, help, unit), merged over all targets
    TreeMap<String, LinkedHashSet<MetricMetadata>> byMetric = new TreeMap<>();
    for (TargetMetadata tm : metadata.targetMetadata()) {
      for (MetricMetadata m : tm.metadata()) {
        if (!metric.isEmpty() && !metric.equals(m.metric())) {
          continue;
        }
        byMetric.computeIfAbsent(m.metric(), k -> new LinkedHashSet<>())
            .add(new MetricMetadata("", m.type(), m.help(), m.unit()));
      }
    }
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    int n = 0;
    for (Map.Entry<String, LinkedHashSet<MetricMetadata>> e : byMetric.entrySet()) {
      if (limit >= 0 && n >= limit) {
        break;
      }
      n++;
      g.writeArrayFieldStart(e.getKey());
      for (MetricMetadata m : e.getValue()) {
        g.writeStartObject();
        g.writeStringField("type", m.type());
        g.writeStringField("help", m.help());
        g.writeStringField("unit", m.unit());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse targetMetadata(ApiRequest r) throws IOException {
    int limit = ApiParams.limit(r);
    String matchTarget = r.param("match_target");
    Matcher[] matchers = null;
    if (!matchTarget.isEmpty()) {
      try {
        matchers = SeriesSelector.parse(matchTarget);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParam("match_target", e.getMessage());
      }
    }
    String metric = r.param("metric");
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartArray();
    int n = 0;
    for (TargetMetadata tm : metadata.targetMetadata()) {
      if (limit >= 0 && n >= limit) {
        break;
      }
      if (matchers != null && !matchesAll(tm.target(), matchers)) {
        continue;
      }
      for (MetricMetadata m : tm.metadata()) {
        if (!metric.isEmpty() && !metric.equals(m.metric())) {
          continue;
        }
        n++;
        g.writeStartObject();
        g.writeFieldName("target");
        ApiJson.writeLabels(g, tm.target());
        if (metric.isEmpty()) {
          g.writeStringField("metric", m.metric());
        }
        g.writeStringField("type", m.type());
        g.writeStringField("help", m.help());
        g.writeStringField("unit", m.unit());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    return ApiResponse.json(json.finish(null));
  }

  private static boolean matchesAll(Labels labels, Matcher[] matchers) {
    for (Matcher m : matchers) {
      String v = labels.get(m.name());
      if (!m.matches(v == null ? "" : v)) {
        return false;
      }
    }
    return true;
  }

  private static ApiResponse stringList(List<String> values) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartArray();
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
    return ApiResponse.json(json.finish(null));
  }
}
