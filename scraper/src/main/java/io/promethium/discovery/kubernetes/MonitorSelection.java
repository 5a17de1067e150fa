package io.promethium.discovery.kubernetes;

import java.util.List;

/**
 * Which PodMonitors/ServiceMonitors the server uses, like the Prometheus CR's
 * {@code serviceMonitorSelector}/{@code podMonitorSelector} and namespace selectors: the namespaces
 * to watch (empty = all) and label selector strings on the monitor objects (empty = all).
 */
public record MonitorSelection(List<String> namespaces, String serviceMonitorSelector, String podMonitorSelector) {
  public static final MonitorSelection ALL = new MonitorSelection(List.of(), "", "");

  public MonitorSelection {
    namespaces = List.copyOf(namespaces);
    serviceMonitorSelector = serviceMonitorSelector == null ? "" : serviceMonitorSelector;
    podMonitorSelector = podMonitorSelector == null ? "" : podMonitorSelector;
  }
}
