package io.promethium.discovery.kubernetes;

import static io.promethium.discovery.kubernetes.MetaLabels.ADDRESS;
import static io.promethium.discovery.kubernetes.MetaLabels.META;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Role {@code ingress}: one target per rule and path, addressed by the rule's host. */
final class IngressTargets {
  private IngressTargets() {}

  static String source(String namespace, String name) {
    return "ingress/" + namespace + "/" + name;
  }

  static TargetGroup build(Ingress ing) {
    String ns = ing.getMetadata().getNamespace();
    Map<String, String> group = new HashMap<>();
    group.put(MetaLabels.NAMESPACE, ns);
    group.put(META + "ingress_name", ing.getMetadata().getName());
    MetaLabels.objectMeta(group, "ingress", ing.getMetadata());
    if (ing.getSpec().getIngressClassName() != null) {
      group.put(META + "ingress_class_name", ing.getSpec().getIngressClassName());
    }
    List<String> tlsHosts = new ArrayList<>();
    if (ing.getSpec().getTls() != null) {
      for (IngressTLS tls : ing.getSpec().getTls()) {
        if (tls.getHosts() != null) {
          tlsHosts.addAll(tls.getHosts());
        }
      }
    }
    List<Labels> targets = new ArrayList<>();
    if (ing.getSpec().getRules() != null) {
      for (IngressRule rule : ing.getSpec().getRules()) {
        String host = rule.getHost() == null ? "" : rule.getHost();
        String scheme = "http";
        for (String pattern : tlsHosts) {
          if (matchesHost(pattern, host)) {
            scheme = "https";
            break;
          }
        }
        List<String> paths = new ArrayList<>();
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null || rule.getHttp().getPaths().isEmpty()) {
          paths.add("/");
        } else {
          for (HTTPIngressPath p : rule.getHttp().getPaths()) {
            paths.add(p.getPath() == null || p.getPath().isEmpty() ? "/" : p.getPath());
          }
        }
        for (String path : paths) {
          Map<String, String> t = new HashMap<>();
          t.put(ADDRESS, host);
          t.put(META + "ingress_scheme", scheme);
          t.put(META + "ingress_host", host);
          t.put(META + "ingress_path", path);
          targets.add(Labels.fromMap(t));
        }
      }
    }
    return new TargetGroup(source(ns, ing.getMetadata().getName()), targets, Labels.fromMap(group));
  }

  /** A TLS host matches itself; {@code *.example.com} matches exactly one more leading label. */
  static boolean matchesHost(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (!pattern.startsWith("*.")) {
      return false;
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1));
  }
}
