package io.promethium.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.promethium.tsdb.Matcher;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code /api/v1/admin/tsdb/*}. Disabled (the default) they answer errorType {@code unavailable},
 * "admin APIs disabled", as Prometheus does without {@code --web.enable-admin-api}.
 */
final class AdminEndpoints {
  private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final boolean enabled;
  private final TsdbAdmin admin;

  AdminEndpoints(boolean enabled, TsdbAdmin admin) {
    this.enabled = enabled;
    this.admin = admin;
  }

  private void checkEnabled() {
    if (!enabled) {
      throw new ApiException(ErrorType.UNAVAILABLE, "admin APIs disabled");
    }
  }

  private TsdbAdmin admin() {
    checkEnabled();
    if (admin == null) {
      throw new ApiException(ErrorType.UNAVAILABLE, "TSDB not ready");
    }
    return admin;
  }

  ApiResponse deleteSeries(ApiRequest r) {
    checkEnabled();
    List<String> selectors = r.params("match[]");
    if (selectors.isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    long start = ApiParams.time(r, "start", PrometheusTime.MIN_TIME_MS);
    long end = ApiParams.time(r, "end", PrometheusTime.MAX_TIME_MS);
    List<Matcher[]> sets = new ArrayList<>();
    for (String s : selectors) {
      try {
        sets.add(SeriesSelector.parse(s));
      } catch (IllegalArgumentException e) {
        throw ApiException.badData(e.getMessage());
      }
    }
    admin().deleteSeries(start, end, sets);
    return ApiResponse.noContent();
  }

  ApiResponse cleanTombstones(ApiRequest r) {
    admin().cleanTombstones();
    return ApiResponse.noContent();
  }

  ApiResponse snapshot(ApiRequest r) throws IOException {
    checkEnabled();
    boolean skipHead = false;
    String s = r.param("skip_head");
    if (!s.isEmpty()) {
      skipHead = switch (s) {
        case "1", "t", "T", "TRUE", "true", "True" -> true;
        case "0", "f", "F", "FALSE", "false", "False" -> false;
        default -> throw ApiException.badData("unable to parse boolean 'skip_head' argument: strconv.ParseBool: parsing "
            + GoQuote.quote(s) + ": invalid syntax");
      };
    }
    String name = SNAPSHOT_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
        + String.format("%016x", ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
    admin().snapshot(name, skipHead);
    ApiJson json = ApiJson.success();
    JsonGenerator g = json.gen();
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeEndObject();
    return ApiResponse.json(json.finish(null));
  }
}
