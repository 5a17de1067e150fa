package io.promethium.config.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One ServiceMonitor {@code endpoints[]} or PodMonitor {@code podMetricsEndpoints[]} entry.
 * Null/empty means "not set". {@code targetPort} keeps its int-or-string value as text with
 * {@code targetPortIsNumber} telling which it was; {@code portNumber} is PodMonitor-only (0 = unset).
 */
public record MonitorEndpoint(
    String port,
    long portNumber,
    String targetPort,
    boolean targetPortIsNumber,
    String path,
    String scheme,
    Map<String, List<String>> params,
    String interval,
    String scrapeTimeout,
    Boolean honorLabels,
    Boolean honorTimestamps,
    MonitorTlsConfig tlsConfig,
    String bearerTokenFile,
    KeySelector bearerTokenSecret,
    KeySelector basicAuthUsername,
    KeySelector basicAuthPassword,
    String authorizationType,
    KeySelector authorizationCredentials,
    String proxyUrl,
    Boolean followRedirects,
    Boolean enableHttp2,
    boolean filterRunning,
    List<MonitorRelabelConfig> relabelings,
    List<MonitorRelabelConfig> metricRelabelings) {

  public MonitorEndpoint {
    params = params == null ? Map.of() : Map.copyOf(params);
    relabelings = List.copyOf(relabelings);
    metricRelabelings = List.copyOf(metricRelabelings);
  }

  static MonitorEndpoint from(CrdFields f) {
    Object tp = f.raw("targetPort");
    List<MonitorRelabelConfig> relabelings = new ArrayList<>();
    for (CrdFields r : f.objects("relabelings")) {
      relabelings.add(MonitorRelabelConfig.from(r));
    }
    List<MonitorRelabelConfig> metric = new ArrayList<>();
    for (CrdFields r : f.objects("metricRelabelings")) {
      metric.add(MonitorRelabelConfig.from(r));
    }
    CrdFields basic = f.objectOrNull("basicAuth");
    CrdFields auth = f.objectOrNull("authorization");
    CrdFields tls = f.objectOrNull("tlsConfig");
    return new MonitorEndpoint(
        f.string("port", ""),
        f.number("portNumber", 0),
        tp == null ? "" : String.valueOf(tp),
        tp instanceof Number,
        f.string("path", ""),
        f.string("scheme", ""),
        f.stringListMap("params"),
        f.string("interval", ""),
        f.string("scrapeTimeout", ""),
        f.bool("honorLabels"),
        f.bool("honorTimestamps"),
        tls == null ? null : MonitorTlsConfig.from(tls),
        f.string("bearerTokenFile", ""),
        f.keySelector("bearerTokenSecret"),
        basic == null ? null : basic.keySelector("username"),
        basic == null ? null : basic.keySelector("password"),
        auth == null ? null : auth.string("type", ""),
        auth == null ? null : auth.keySelector("credentials"),
        f.string("proxyUrl", ""),
        f.bool("followRedirects"),
        f.bool("enableHttp2"),
        f.bool("filterRunning", true),
        relabelings,
        metric);
  }
}
