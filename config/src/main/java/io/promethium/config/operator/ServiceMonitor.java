package io.promethium.config.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@code monitoring.coreos.com/v1} ServiceMonitor: the fields that shape scrape configs. */
public record ServiceMonitor(
    String namespace,
    String name,
    Map<String, String> labels,
    String jobLabel,
    List<String> targetLabels,
    List<String> podTargetLabels,
    List<MonitorEndpoint> endpoints,
    LabelSelector selector,
    String selectorMechanism,
    NamespaceSelector namespaceSelector,
    MonitorLimits limits,
    boolean attachMetadataNode,
    String serviceDiscoveryRole) {

  public ServiceMonitor {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    targetLabels = List.copyOf(targetLabels);
    podTargetLabels = List.copyOf(podTargetLabels);
    endpoints = List.copyOf(endpoints);
  }

  /** Reads a whole object ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}). */
  public static ServiceMonitor fromMap(Map<String, Object> object) {
    CrdFields o = CrdFields.of(object, "ServiceMonitor");
    CrdFields meta = o.object("metadata");
    CrdFields spec = o.object("spec");
    List<MonitorEndpoint> endpoints = new ArrayList<>();
    for (CrdFields e : spec.objects("endpoints")) {
      endpoints.add(MonitorEndpoint.from(e));
    }
    CrdFields ns = spec.object("namespaceSelector");
    return new ServiceMonitor(meta.string("namespace", "default"), meta.string("name", ""),
        meta.stringMap("labels"), spec.string("jobLabel", ""), spec.strings("targetLabels"),
        spec.strings("podTargetLabels"), endpoints, LabelSelector.from(spec.object("selector")),
        spec.string("selectorMechanism", "RelabelConfig"),
        new NamespaceSelector(ns.bool("any", false), ns.strings("matchNames")),
        MonitorLimits.from(spec), spec.object("attachMetadata").bool("node", false),
        spec.string("serviceDiscoveryRole", ""));
  }
}
