package io.promethium.server.compat;

import java.util.List;

/**
 * The requests Grafana's Prometheus data source sends when a data source is saved and the Istio
 * service dashboard is opened and edited (corpus/http-api/ENDPOINTS.md §9), in that order, for a
 * 30 min range ending at {@code end} (seconds) with a 15 s step.
 */
final class GrafanaSession {
  /** How two responses to a call are compared. */
  enum Shape {
    /** Identical JSON (deterministic answers: sorted names and values, empty lists). */
    EXACT,
    /** Same status and the same set of label sets in {@code data} (series order is unspecified). */
    LABEL_SET_LIST,
    /** A query result: {@link ResultComparison}. */
    QUERY,
    /** Same status and at least Prometheus's keys in {@code data} (values legitimately differ: buildinfo). */
    KEYS
  }

  /** One request: POST sends the parameters form-encoded, GET in the query string. */
  record Call(String name, boolean post, String path, Shape shape, String... params) {}

  private GrafanaSession() {}

  static List<Call> calls(long end, String panelQuery) {
    String start = Long.toString(end - 1800);
    String stop = Long.toString(end);
    String startMs = Long.toString((end - 1800) * 1000);
    String stopMs = Long.toString(end * 1000);
    String istio = "{__name__=\"istio_requests_total\",reporter=\"destination\"}";
    return List.of(
        // "Save & test": a fixed health query, then flavour detection.
        new Call("health check 1+1", true, "/api/v1/query", Shape.QUERY, "query", "1+1", "time", "4"),
        new Call("buildinfo", false, "/api/v1/status/buildinfo", Shape.KEYS),
        // Data-source init: recording-rule mapping and the exemplar probe (times in ms, as Grafana sends them).
        new Call("rules", false, "/api/v1/rules", Shape.EXACT),
        new Call("exemplar probe", false, "/api/v1/query_exemplars", Shape.EXACT, "query", "test", "start", startMs,
            "end", stopMs),
        // Metrics browser and autocomplete.
        new Call("metric names", false, "/api/v1/label/__name__/values", Shape.EXACT, "start", start, "end", stop),
        new Call("label names", true, "/api/v1/labels", Shape.EXACT, "start", start, "end", stop),
        new Call("label names with match[]", true, "/api/v1/labels", Shape.EXACT, "match[]", istio, "start", start,
            "end", stop),
        new Call("label values for a selector", false, "/api/v1/label/destination_service/values", Shape.EXACT,
            "match[]", istio, "start", start, "end", stop),
        new Call("label values without selector", false, "/api/v1/label/job/values", Shape.EXACT, "start", start,
            "end", stop),
        new Call("series for a selector", true, "/api/v1/series", Shape.LABEL_SET_LIST, "match[]", istio, "start",
            start, "end", stop),
        new Call("series {__name__!=\"\"} with limit", true, "/api/v1/series", Shape.LABEL_SET_LIST, "match[]",
            "{__name__=~\"demo_num_cpus|demo_disk_usage_bytes\"}", "start", start, "end", stop, "limit", "40000"),
        new Call("metadata", false, "/api/v1/metadata", Shape.EXACT),
        new Call("metadata of one metric", false, "/api/v1/metadata", Shape.EXACT, "metric", "istio_requests_total"),
        // Template variables (query_result → instant query at the range end), then the panels.
        new Call("variable $service", true, "/api/v1/query", Shape.QUERY, "query",
            "sum(istio_requests_total{}) by (destination_service) or sum(istio_tcp_sent_bytes_total{}) by (destination_service)",
            "time", stop),
        new Call("panel query_range", true, "/api/v1/query_range", Shape.QUERY, "query", panelQuery, "start", start,
            "end", stop, "step", "15"),
        new Call("panel instant (table)", true, "/api/v1/query", Shape.QUERY, "query", panelQuery, "time", stop),
        new Call("annotations (60s step)", true, "/api/v1/query_range", Shape.QUERY, "query", "changes(demo_num_cpus[5m])",
            "start", start, "end", stop, "step", "60"),
        new Call("bad query from the editor", true, "/api/v1/query_range", Shape.QUERY, "query", "sum(rate(",
            "start", start, "end", stop, "step", "15"));
  }
}
