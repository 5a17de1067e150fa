package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.META;
import static io.promethium.discovery.kubernetes.MetaLabels.nz;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Role {@code pod}: one group per pod, one target per container port (containers, then init containers). */
final class PodTargets {
  static final String CONTAINER = META + "pod_container_";

  private PodTargets() {}

  static String source(String namespace, String name) {
    return "pod/" + namespace + "/" + name;
  }

  static TargetGroup build(Pod pod, ClusterState state) {
    String source = source(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return TargetGroup.empty(source); // Prometheus: no IP yet, nothing to scrape
    }
    Map<String, String> group = new HashMap<>();
    MetaLabels.pod(group, pod);
    group.put(MetaLabels.NAMESPACE, pod.getMetadata().getNamespace());
    if (state.attachNode()) {
      String node = pod.getSpec().getNodeName();
      MetaLabels.node(group, state.node(nz(node)), node);
    }
    List<Labels> targets = new ArrayList<>();
    List<Container> containers = pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
    List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
    for (int i = 0; i < containers.size() + inits.size(); i++) {
      boolean init = i >= containers.size();
      Container c = init ? inits.get(i - containers.size()) : containers.get(i);
      String id = containerId(init ? pod.getStatus().getInitContainerStatuses() : pod.getStatus().getContainerStatuses(),
          c.getName());
      Map<String, String> t = new HashMap<>();
      t.put(CONTAINER + "name", c.getName());
      t.put(CONTAINER + "image", nz(c.getImage()));
      t.put(CONTAINER + "id", id);
      t.put(CONTAINER + "init", Boolean.toString(init));
      if (c.getPorts() == null || c.getPorts().isEmpty()) {
        t.put(ADDRESS, ip); // no port: relabeling has to supply one
        targets.add(Labels.fromMap(t));
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        Map<String, String> pt = new HashMap<>(t);
        pt.put(ADDRESS, MetaLabels.hostPort(ip, p.getContainerPort()));
        containerPort(pt, p);
        targets.add(Labels.fromMap(pt));
      }
    }
    return new TargetGroup(source, targets, Labels.fromMap(group));
  }

  static void containerPort(Map<String, String> t, ContainerPort p) {
    t.put(CONTAINER + "port_name", nz(p.getName()));
    t.put(CONTAINER + "port_number", Integer.toString(p.getContainerPort()));
    t.put(CONTAINER + "port_protocol", p.getProtocol() == null ? "TCP" : p.getProtocol());
  }

  private static String containerId(List<ContainerStatus> statuses, String name) {
    if (statuses != null) {
      for (ContainerStatus s : statuses) {
        if (name.equals(s.getName())) {
          return nz(s.getContainerID());
        }
      }
    }
    return "";
  }
}
