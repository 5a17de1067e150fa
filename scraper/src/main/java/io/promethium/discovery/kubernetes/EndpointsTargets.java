package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.META;
import static io.promethium.discovery.kubernetes.MetaLabels.nz;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Role {@code endpoints}: subset × port × address, joined with the service of the same name and the pods. */
final class EndpointsTargets {
  private static final String EP = META + "endpoint_";

  private EndpointsTargets() {}

  static String source(String namespace, String name) {
    return "endpoints/" + namespace + "/" + name;
  }

  static TargetGroup build(Endpoints eps, ClusterState state) {
    String ns = eps.getMetadata().getNamespace();
    String name = eps.getMetadata().getName();
    Map<String, String> group = new HashMap<>();
    group.put(MetaLabels.NAMESPACE, ns);
    group.put(META + "endpoints_name", name);
    MetaLabels.labels(group, META + "endpoints_", eps.getMetadata().getLabels());
    Service svc = state.service(ns, name);
    if (svc != null) {
      MetaLabels.service(group, svc);
    }
    PodJoin join = new PodJoin(state, ns);
    List<Labels> targets = new ArrayList<>();
    if (eps.getSubsets() != null) {
      for (EndpointSubset ss : eps.getSubsets()) {
        if (ss.getPorts() == null) {
          continue;
        }
        for (EndpointPort port : ss.getPorts()) {
          if (ss.getAddresses() != null) {
            for (EndpointAddress a : ss.getAddresses()) {
              targets.add(target(a, port, true, join, state));
            }
          }
          if (ss.getNotReadyAddresses() != null) {
            for (EndpointAddress a : ss.getNotReadyAddresses()) {
              targets.add(target(a, port, false, join, state));
            }
          }
        }
      }
    }
    join.extraTargets(targets);
    return new TargetGroup(source(ns, name), targets, Labels.fromMap(group));
  }

  private static Labels target(EndpointAddress a, EndpointPort port, boolean ready, PodJoin join, ClusterState state) {
    Map<String, String> t = new HashMap<>();
    t.put(ADDRESS, MetaLabels.hostPort(a.getIp(), port.getPort()));
    t.put(EP + "port_name", nz(port.getName()));
    t.put(EP + "port_protocol", nz(port.getProtocol()));
    t.put(EP + "ready", Boolean.toString(ready));
    if (a.getTargetRef() != null) {
      t.put(EP + "address_target_kind", nz(a.getTargetRef().getKind()));
      t.put(EP + "address_target_name", nz(a.getTargetRef().getName()));
    }
    if (a.getNodeName() != null) {
      t.put(EP + "node_name", a.getNodeName());
    }
    if (a.getHostname() != null) {
      t.put(EP + "hostname", a.getHostname());
    }
    if (state.attachNode()) {
      MetaLabels.node(t, state.node(nz(a.getNodeName())), a.getNodeName());
    }
    join.join(t, a.getTargetRef(), port.getPort(), port.getProtocol());
    return Labels.fromMap(t);
  }
}
