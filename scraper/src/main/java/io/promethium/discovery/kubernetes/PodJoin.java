package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.nz;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoints/endpointslice join with pods: a target whose address refers to a known pod gets
 * the pod's labels and the labels of the container declaring the port; afterwards every container
 * port of those pods that no endpoint port covers becomes an extra target without endpoint labels.
 */
final class PodJoin {
  private final ClusterState state;
  private final String namespace;
  /** Pods seen in this object (namespace/name → pod) and the endpoint port numbers they served. */
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final Map<String, Set<Integer>> servedPorts = new LinkedHashMap<>();

  PodJoin(ClusterState state, String namespace) {
    this.state = state;
    this.namespace = namespace;
  }

  /**
   * Adds pod and container labels to {@code t} when {@code ref} is a known pod; returns whether it was.
   *
   * @param protocol the endpoint port's protocol, or null
   */
  boolean join(Map<String, String> t, ObjectReference ref, int port, String protocol) {
    if (ref == null || !"Pod".equals(ref.getKind())) {
      return false;
    }
    String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
    Pod pod = state.pod(ns, ref.getName());
    if (pod == null) {
      return false;
    }
    String key = ns + "/" + ref.getName();
    pods.putIfAbsent(key, pod);
    servedPorts.computeIfAbsent(key, k -> new HashSet<>()).add(port);
    MetaLabels.pod(t, pod);
    for (Container c : containers(pod)) {
      for (ContainerPort cp : ports(c)) {
        if (cp.getContainerPort() != null && cp.getContainerPort() == port) {
          containerLabels(t, c, cp);
          if (protocol != null) {
            t.put(PodTargets.CONTAINER + "port_protocol", protocol); // Prometheus reports the endpoint port's
          }
          return true;
        }
      }
    }
    return true;
  }

  /** The extra targets for container ports of seen pods that no endpoint port covered. */
  void extraTargets(List<Labels> into) {
    for (Map.Entry<String, Pod> e : pods.entrySet()) {
      Pod pod = e.getValue();
      Set<Integer> served = servedPorts.get(e.getKey());
      String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
      for (Container c : containers(pod)) {
        for (ContainerPort cp : ports(c)) {
          if (served.contains(cp.getContainerPort())) {
            continue;
          }
          Map<String, String> t = new java.util.HashMap<>();
          t.put(ADDRESS, MetaLabels.hostPort(nz(ip), cp.getContainerPort()));
          MetaLabels.pod(t, pod);
          containerLabels(t, c, cp);
          // No attach_metadata node labels here: Prometheus adds them to endpoint targets only.
          into.add(Labels.fromMap(t));
        }
      }
    }
  }

  private static void containerLabels(Map<String, String> t, Container c, ContainerPort cp) {
    t.put(PodTargets.CONTAINER + "name", c.getName());
    t.put(PodTargets.CONTAINER + "image", nz(c.getImage()));
    PodTargets.containerPort(t, cp);
  }

  /** Only regular containers: Prometheus 2.42 does not look at init containers in these roles. */
  private static List<Container> containers(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
  }

  private static List<ContainerPort> ports(Container c) {
    return c.getPorts() == null ? new ArrayList<>() : c.getPorts();
  }
}
