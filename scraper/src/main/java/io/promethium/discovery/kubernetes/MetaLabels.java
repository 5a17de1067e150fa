package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;

/** The {@code __meta_kubernetes_*} label names and the label sets shared by several roles. */
final class MetaLabels {
  static final String META = "__meta_kubernetes_";
  static final String NAMESPACE = META + "namespace";
  static final String ADDRESS = "__address__";

  private MetaLabels() {}

  /** Kubernetes label/annotation key → label-name suffix: every char outside [a-zA-Z0-9_] becomes '_'. */
  static String sanitize(String key) {
    StringBuilder out = null;
    for (int i = 0; i < key.length(); ) {
      int c = key.codePointAt(i);
      int n = Character.charCount(c);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok && out == null) {
        out = new StringBuilder(key.length()).append(key, 0, i);
      }
      if (out != null) {
        // One '_' per code point, as Go's regexp replaces per rune.
        if (ok) {
          out.appendCodePoint(c);
        } else {
          out.append('_');
        }
      }
      i += n;
    }
    return out == null ? key : out.toString();
  }

  /** {@code <prefix>label_<k>} and {@code <prefix>labelpresent_<k>} for every Kubernetes label. */
  static void labels(Map<String, String> into, String prefix, Map<String, String> labels) {
    pairs(into, prefix + "label_", prefix + "labelpresent_", labels);
  }

  static void annotations(Map<String, String> into, String prefix, Map<String, String> annotations) {
    pairs(into, prefix + "annotation_", prefix + "annotationpresent_", annotations);
  }

  static void pairs(Map<String, String> into, String valuePrefix, String presentPrefix, Map<String, String> kv) {
    if (kv == null) {
      return;
    }
    for (Map.Entry<String, String> e : kv.entrySet()) {
      String name = sanitize(e.getKey());
      into.put(valuePrefix + name, e.getValue() == null ? "" : e.getValue());
      into.put(presentPrefix + name, "true");
    }
  }

  /** Labels and annotations of an object under {@code __meta_kubernetes_<role>_}. */
  static void objectMeta(Map<String, String> into, String role, ObjectMeta meta) {
    String prefix = META + role + "_";
    labels(into, prefix, meta.getLabels());
    annotations(into, prefix, meta.getAnnotations());
  }

  /** The pod-level labels (group labels of role pod without the namespace; merged into endpoints targets). */
  static void pod(Map<String, String> into, Pod pod) {
    String p = META + "pod_";
    into.put(p + "name", pod.getMetadata().getName());
    into.put(p + "ip", nz(pod.getStatus() == null ? null : pod.getStatus().getPodIP()));
    objectMeta(into, "pod", pod.getMetadata());
    into.put(p + "ready", podReady(pod));
    into.put(p + "phase", nz(pod.getStatus() == null ? null : pod.getStatus().getPhase()));
    into.put(p + "node_name", nz(pod.getSpec() == null ? null : pod.getSpec().getNodeName()));
    into.put(p + "host_ip", nz(pod.getStatus() == null ? null : pod.getStatus().getHostIP()));
    into.put(p + "uid", nz(pod.getMetadata().getUid()));
    if (pod.getMetadata().getOwnerReferences() != null) {
      for (OwnerReference o : pod.getMetadata().getOwnerReferences()) {
        if (Boolean.TRUE.equals(o.getController())) {
          into.put(p + "controller_kind", nz(o.getKind()));
          into.put(p + "controller_name", nz(o.getName()));
          break;
        }
      }
    }
  }

  /** "true"/"false" from the Ready condition, "unknown" when the pod reports none (Prometheus's podReady). */
  static String podReady(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("Ready".equals(c.getType())) {
          return nz(c.getStatus()).toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    return "unknown";
  }

  /** Service group labels: namespace, name, labels and annotations (also joined into endpoints groups). */
  static void service(Map<String, String> into, Service svc) {
    into.put(NAMESPACE, svc.getMetadata().getNamespace());
    into.put(META + "service_name", svc.getMetadata().getName());
    objectMeta(into, "service", svc.getMetadata());
  }

  /** {@code attach_metadata: node}: node name and the node's labels (no annotations). */
  static void node(Map<String, String> into, Node node, String nodeName) {
    if (nodeName == null || nodeName.isEmpty()) {
      return;
    }
    into.put(META + "node_name", nodeName);
    if (node != null) {
      labels(into, META + "node_", node.getMetadata().getLabels());
    }
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }

  /** host:port with IPv6 brackets, as Go's net.JoinHostPort. */
  static String hostPort(String host, int port) {
    String p = Integer.toString(port);
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + p : host + ":" + p;
  }
}
