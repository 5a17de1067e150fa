package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.META;
import static io.promethium.discovery.kubernetes.MetaLabels.nz;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Role {@code node}: the kubelet endpoint of each node, {@code instance} preset to the node name. */
final class NodeTargets {
  /** The address types in the order Prometheus (like the kubelet) prefers them. */
  private static final List<String> PREFERENCE =
      List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname");

  private NodeTargets() {}

  static String source(String name) {
    return "node/" + name;
  }

  static TargetGroup build(Node node) {
    String name = node.getMetadata().getName();
    Map<String, String> group = new HashMap<>();
    group.put(META + "node_name", name);
    group.put(META + "node_provider_id", nz(node.getSpec() == null ? null : node.getSpec().getProviderID()));
    MetaLabels.objectMeta(group, "node", node.getMetadata());

    Map<String, String> first = new HashMap<>();
    List<NodeAddress> addresses = node.getStatus() == null ? null : node.getStatus().getAddresses();
    if (addresses != null) {
      for (NodeAddress a : addresses) {
        first.putIfAbsent(a.getType(), a.getAddress());
      }
    }
    String address = null;
    for (String type : PREFERENCE) {
      if (first.containsKey(type)) {
        address = first.get(type);
        break;
      }
    }
    if (address == null) {
      return TargetGroup.empty(source(name)); // Prometheus: "Cannot get node address", node skipped
    }
    int port = 0;
    if (node.getStatus().getDaemonEndpoints() != null && node.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null) {
      Integer p = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
      port = p == null ? 0 : p;
    }
    Map<String, String> t = new HashMap<>();
    t.put(ADDRESS, MetaLabels.hostPort(address, port));
    t.put("instance", name);
    for (Map.Entry<String, String> e : first.entrySet()) {
      t.put(META + "node_address_" + MetaLabels.sanitize(e.getKey()), e.getValue());
    }
    return new TargetGroup(source(name), List.of(Labels.fromMap(t)), Labels.fromMap(group));
  }
}
