package io.promethium.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promethium.tsdb.Storage;
import io.promethium.tsdb.StorageStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Server status: {@code /status/*}, {@code /targets}, {@code /scrape_pools}, and the rule
 * endpoints ({@code /rules}, {@code /alerts}, {@code /alertmanagers}), which stay empty until rule
 * evaluation and alerting exist.
 */
final class StatusEndpoints {
  /** Go's zero time, shown for targets that were never scraped. */
  private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final int TSDB_STATS_LIMIT = 10;

  private final Storage storage;
  private final Map<String, String> flags;
  private final BuildInfo buildInfo;
  private final Supplier<RuntimeInfo> runtimeInfo;
  private final Supplier<String> configYaml;
  private final Supplier<WalReplayStatus> walReplay;
  private final TargetsSource targets;

  StatusEndpoints(Storage storage, Map<String, String> flags, BuildInfo buildInfo, Supplier<RuntimeInfo> runtimeInfo,
      Supplier<String> configYaml, Supplier<WalReplayStatus> walReplay, TargetsSource targets) {
    this.storage = storage;
    this.flags = new TreeMap<>(flags);
    this.buildInfo = buildInfo;
    this.runtimeInfo = runtimeInfo;
    this.configYaml = configYaml;
    this.walReplay = walReplay;
    this.targets = targets;
  }

  ApiResponse config(ApiRequest r) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeStringField("yaml", configYaml.get());
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse flags(ApiRequest r) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    for (Map.Entry<String, String> e : flags.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse runtimeInfo(ApiRequest r) throws IOException {
    RuntimeInfo ri = runtimeInfo.get();
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeStringField("startTime", PrometheusTime.formatInstant(ri.startTime()));
    g.writeStringField("CWD", ri.cwd());
    g.writeBooleanField("reloadConfigSuccess", ri.reloadConfigSuccess());
    g.writeStringField("lastConfigTime", PrometheusTime.formatInstant(ri.lastConfigTime()));
    g.writeNumberField("corruptionCount", ri.corruptionCount());
    g.writeNumberField("goroutineCount", ri.goroutineCount());
    g.writeNumberField("GOMAXPROCS", ri.gomaxprocs());
    g.writeStringField("GOGC", ri.gogc());
    g.writeStringField("GODEBUG", ri.godebug());
    g.writeStringField("storageRetention", ri.storageRetention());
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse buildInfo(ApiRequest r) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeStringField("version", buildInfo.version());
    g.writeStringField("revision", buildInfo.revision());
    g.writeStringField("branch", buildInfo.branch());
    g.writeStringField("buildUser", buildInfo.buildUser());
    g.writeStringField("buildDate", buildInfo.buildDate());
    g.writeStringField("goVersion", buildInfo.goVersion());
    if (buildInfo.promethiumVersion() != null) {
      g.writeStringField("promethiumVersion", buildInfo.promethiumVersion());
    }
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse tsdb(ApiRequest r) throws IOException {
    StorageStats s = storage.stats(TSDB_STATS_LIMIT);
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeObjectFieldStart("headStats");
    g.writeNumberField("numSeries", s.numSeries());
    g.writeNumberField("numLabelPairs", s.numLabelPairs());
    g.writeNumberField("chunkCount", s.chunkCount());
    g.writeNumberField("minTime", s.minTime());
    g.writeNumberField("maxTime", s.maxTime());
    g.writeEndObject();
    writeEntries(g, "seriesCountByMetricName", s.seriesCountByMetricName());
    writeEntries(g, "labelValueCountByLabelName", s.labelValueCountByLabelName());
    writeEntries(g, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
    writeEntries(g, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  private static void writeEntries(JsonGenerator g, String field, List<StorageStats.Entry> entries) throws IOException {
    g.writeArrayFieldStart(field);
    for (StorageStats.Entry e : entries) {
      g.writeStartObject();
      g.writeStringField("name", e.name());
      g.writeNumberField("value", e.value());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  ApiResponse walReplay(ApiRequest r) throws IOException {
    WalReplayStatus w = walReplay.get();
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeNumberField("min", w.min());
    g.writeNumberField("max", w.max());
    g.writeNumberField("current", w.current());
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  /** {@code state} and {@code scrapePool} come from the URL only, as in Prometheus. */
  ApiResponse targets(ApiRequest r) throws IOException {
    String state = r.param("state").toLowerCase(Locale.ROOT);
    boolean showActive = state.isEmpty() || state.equals("any") || state.equals("active");
    boolean showDropped = state.isEmpty() || state.equals("any") || state.equals("dropped");
    String pool = r.param("scrapePool");
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeArrayFieldStart("activeTargets");
    if (showActive) {
      TreeMap<String, List<ActiveTarget>> byPool = new TreeMap<>();
      for (ActiveTarget t : targets.activeTargets()) {
        byPool.computeIfAbsent(t.scrapePool(), k -> new ArrayList<>()).add(t);
      }
      for (Map.Entry<String, List<ActiveTarget>> e : byPool.entrySet()) {
        if (!pool.isEmpty() && !pool.equals(e.getKey())) {
          continue;
        }
        for (ActiveTarget t : e.getValue()) {
          writeActive(g, t);
        }
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("droppedTargets");
    if (showDropped) {
      TreeMap<String, List<DroppedTarget>> byPool = new TreeMap<>();
      for (DroppedTarget t : targets.droppedTargets()) {
        byPool.computeIfAbsent(t.scrapePool(), k -> new ArrayList<>()).add(t);
      }
      for (Map.Entry<String, List<DroppedTarget>> e : byPool.entrySet()) {
        if (!pool.isEmpty() && !pool.equals(e.getKey())) {
          continue;
        }
        for (DroppedTarget t : e.getValue()) {
          g.writeStartObject();
          g.writeFieldName("discoveredLabels");
          ApiJson.writeLabels(g, t.discoveredLabels());
          g.writeEndObject();
        }
      }
    }
    g.writeEndArray();
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  private static void writeActive(JsonGenerator g, ActiveTarget t) throws IOException {
    g.writeStartObject();
    g.writeFieldName("discoveredLabels");
    ApiJson.writeLabels(g, t.discoveredLabels());
    g.writeFieldName("labels");
    ApiJson.writeLabels(g, t.labels());
    g.writeStringField("scrapePool", t.scrapePool());
    g.writeStringField("scrapeUrl", t.scrapeUrl());
    g.writeStringField("globalUrl", t.globalUrl());
    g.writeStringField("lastError", t.lastError() == null ? "" : t.lastError());
    g.writeStringField("lastScrape",
        t.lastScrape() == null ? GO_ZERO_TIME : PrometheusTime.formatInstant(t.lastScrape()));
    g.writeFieldName("lastScrapeDuration");
    g.writeNumber(GoFloat.json(t.lastScrapeDurationSeconds()));
    g.writeStringField("health", t.health());
    g.writeStringField("scrapeInterval", t.scrapeInterval());
    g.writeStringField("scrapeTimeout", t.scrapeTimeout());
    g.writeEndObject();
  }

  ApiResponse scrapePools(ApiRequest r) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeArrayFieldStart("scrapePools");
    for (String p : new TreeSet<>(targets.scrapePools())) {
      g.writeString(p);
    }
    g.writeEndArray();
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  ApiResponse rules(ApiRequest r) throws IOException {
    String type = r.param("type").toLowerCase(Locale.ROOT);
    if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
      throw ApiException.invalidParam("type", "not supported value " + GoQuote.quote(type));
    }
    return emptyListObject("groups");
  }

  ApiResponse alerts(ApiRequest r) throws IOException {
    return emptyListObject("alerts");
  }

  ApiResponse alertmanagers(ApiRequest r) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeArrayFieldStart("activeAlertmanagers");
    g.writeEndArray();
    g.writeArrayFieldStart("droppedAlertmanagers");
    g.writeEndArray();
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }

  private static ApiResponse emptyListObject(String field) throws IOException {
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeArrayFieldStart(field);
    g.writeEndArray();
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }
}
