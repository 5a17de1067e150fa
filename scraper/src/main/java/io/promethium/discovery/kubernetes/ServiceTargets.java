package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.META;
import static io.promethium.discovery.kubernetes.MetaLabels.nz;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Role {@code service}: one target per service port, addressed by the service's DNS name. */
final class ServiceTargets {
  private ServiceTargets() {}

  static String source(String namespace, String name) {
    return "svc/" + namespace + "/" + name;
  }

  static TargetGroup build(Service svc) {
    String ns = svc.getMetadata().getNamespace();
    String name = svc.getMetadata().getName();
    Map<String, String> group = new HashMap<>();
    MetaLabels.service(group, svc);
    String type = nz(svc.getSpec().getType());
    List<Labels> targets = new ArrayList<>();
    if (svc.getSpec().getPorts() != null) {
      for (ServicePort p : svc.getSpec().getPorts()) {
        Map<String, String> t = new HashMap<>();
        t.put(ADDRESS, MetaLabels.hostPort(name + "." + ns + ".svc", p.getPort()));
        t.put(META + "service_port_name", nz(p.getName()));
        t.put(META + "service_port_number", Integer.toString(p.getPort()));
        t.put(META + "service_port_protocol", nz(p.getProtocol()));
        t.put(META + "service_type", type);
        if ("ExternalName".equals(type)) {
          t.put(META + "service_external_name", nz(svc.getSpec().getExternalName()));
        } else {
          t.put(META + "service_cluster_ip", nz(svc.getSpec().getClusterIP()));
        }
        if ("LoadBalancer".equals(type)) {
          t.put(META + "service_loadbalancer_ip", nz(svc.getSpec().getLoadBalancerIP()));
        }
        targets.add(Labels.fromMap(t));
      }
    }
    return new TargetGroup(source(ns, name), targets, Labels.fromMap(group));
  }
}
