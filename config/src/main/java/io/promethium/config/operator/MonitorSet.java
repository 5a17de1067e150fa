package io.promethium.config.operator;

import java.util.List;

/** ServiceMonitors and PodMonitors read together (e.g. from one multi-document YAML file). */
public record MonitorSet(List<ServiceMonitor> serviceMonitors, List<PodMonitor> podMonitors) {
  public MonitorSet {
    serviceMonitors = List.copyOf(serviceMonitors);
    podMonitors = List.copyOf(podMonitors);
  }
}
