package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.META;
import static io.promethium.discovery.kubernetes.MetaLabels.nz;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Role {@code endpointslice}: port × endpoint × address, joined with the owning service and the pods. */
final class EndpointSliceTargets {
  private static final String ES = META + "endpointslice_";
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private EndpointSliceTargets() {}

  static String source(String namespace, String name) {
    return "endpointslice/" + namespace + "/" + name;
  }

  static TargetGroup build(EndpointSlice slice, ClusterState state) {
    String ns = slice.getMetadata().getNamespace();
    String name = slice.getMetadata().getName();
    Map<String, String> group = new HashMap<>();
    group.put(MetaLabels.NAMESPACE, ns);
    group.put(ES + "name", name);
    group.put(ES + "address_type", nz(slice.getAddressType()));
    Map<String, String> sliceLabels = slice.getMetadata().getLabels();
    String svcName = sliceLabels == null ? null : sliceLabels.get(SERVICE_NAME_LABEL);
    if (svcName != null) {
      Service svc = state.service(ns, svcName);
      if (svc != null) {
        MetaLabels.service(group, svc);
      }
    }
    PodJoin join = new PodJoin(state, ns);
    List<Labels> targets = new ArrayList<>();
    List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
    List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
    for (EndpointPort port : ports) {
      for (Endpoint ep : endpoints) {
        if (ep.getAddresses() == null) {
          continue;
        }
        for (String addr : ep.getAddresses()) {
          targets.add(target(addr, ep, port, join, state));
        }
      }
    }
    join.extraTargets(targets);
    return new TargetGroup(source(ns, name), targets, Labels.fromMap(group));
  }

  private static Labels target(String addr, Endpoint ep, EndpointPort port, PodJoin join, ClusterState state) {
    Map<String, String> t = new HashMap<>();
    t.put(ADDRESS, port.getPort() == null ? addr : MetaLabels.hostPort(addr, port.getPort()));
    if (port.getName() != null) {
      t.put(ES + "port_name", port.getName());
    }
    if (port.getProtocol() != null) {
      t.put(ES + "port_protocol", port.getProtocol());
    }
    if (port.getPort() != null) {
      t.put(ES + "port", Integer.toString(port.getPort()));
    }
    if (port.getAppProtocol() != null) {
      t.put(ES + "port_app_protocol", port.getAppProtocol());
    }
    EndpointConditions c = ep.getConditions();
    if (c != null) {
      if (c.getReady() != null) {
        t.put(ES + "endpoint_conditions_ready", c.getReady().toString());
      }
      if (c.getServing() != null) {
        t.put(ES + "endpoint_conditions_serving", c.getServing().toString());
      }
      if (c.getTerminating() != null) {
        t.put(ES + "endpoint_conditions_terminating", c.getTerminating().toString());
      }
    }
    if (ep.getHostname() != null) {
      t.put(ES + "endpoint_hostname", ep.getHostname());
    }
    if (ep.getTargetRef() != null) {
      t.put(ES + "address_target_kind", nz(ep.getTargetRef().getKind()));
      t.put(ES + "address_target_name", nz(ep.getTargetRef().getName()));
    }
    MetaLabels.pairs(t, ES + "endpoint_topology_", ES + "endpoint_topology_present_", ep.getDeprecatedTopology());
    if (state.attachNode()) {
      MetaLabels.node(t, state.node(nz(ep.getNodeName())), ep.getNodeName());
    }
    join.join(t, ep.getTargetRef(), port.getPort() == null ? -1 : port.getPort(), port.getProtocol());
    return Labels.fromMap(t);
  }
}
