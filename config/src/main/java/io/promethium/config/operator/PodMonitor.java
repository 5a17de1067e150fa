package io.promethium.config.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@code monitoring.coreos.com/v1} PodMonitor: the fields that shape scrape configs. */
public record PodMonitor(
    String namespace,
    String name,
    Map<String, String> labels,
    String jobLabel,
    List<String> podTargetLabels,
    List<MonitorEndpoint> podMetricsEndpoints,
    LabelSelector selector,
    String selectorMechanism,
    NamespaceSelector namespaceSelector,
    MonitorLimits limits,
    boolean attachMetadataNode) {

  public PodMonitor {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    podTargetLabels = List.copyOf(podTargetLabels);
    podMetricsEndpoints = List.copyOf(podMetricsEndpoints);
  }

  /** Reads a whole object ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}). */
  public static PodMonitor fromMap(Map<String, Object> object) {
    CrdFields o = CrdFields.of(object, "PodMonitor");
    CrdFields meta = o.object("metadata");
    CrdFields spec = o.object("spec");
    List<MonitorEndpoint> endpoints = new ArrayList<>();
    for (CrdFields e : spec.objects("podMetricsEndpoints")) {
      endpoints.add(MonitorEndpoint.from(e));
    }
    CrdFields ns = spec.object("namespaceSelector");
    return new PodMonitor(meta.string("namespace", "default"), meta.string("name", ""),
        meta.stringMap("labels"), spec.string("jobLabel", ""), spec.strings("podTargetLabels"),
        endpoints, LabelSelector.from(spec.object("selector")),
        spec.string("selectorMechanism", "RelabelConfig"),
        new NamespaceSelector(ns.bool("any", false), ns.strings("matchNames")),
        MonitorLimits.from(spec), spec.object("attachMetadata").bool("node", false));
  }
}
