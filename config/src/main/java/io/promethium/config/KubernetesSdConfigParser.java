package io.promethium.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** {@code kubernetes_sd_configs} entries, validated like Prometheus 2.42's {@code kubernetes.SDConfig}. */
final class KubernetesSdConfigParser {

  private static final Set<String> KEYS;

  static {
    Set<String> k = new HashSet<>(HttpClientConfigParser.KEYS);
    k.addAll(List.of("api_server", "role", "kubeconfig_file", "namespaces", "selectors",
        "attach_metadata"));
    KEYS = Set.copyOf(k);
  }

  /** Which selector roles each discovery role may use. */
  private static final Map<String, List<String>> ALLOWED_SELECTORS = Map.of(
      "pod", List.of("pod"),
      "service", List.of("service"),
      "endpoints", List.of("pod", "service", "endpoints"),
      "endpointslice", List.of("pod", "service", "endpointslice"),
      "node", List.of("node"),
      "ingress", List.of("ingress"));

  private KubernetesSdConfigParser() {}

  static KubernetesSdConfig parse(Node n, String baseDir) {
    YamlFields f = YamlFields.of(n, "kubernetes.plain", KEYS);
    String role = f.string("role", "");
    if (!role.isEmpty()) {
      checkRole(role, f.line("role"));
    }
    String apiServer = f.string("api_server", "");
    if (!apiServer.isEmpty()) {
      UrlCheck.parse(apiServer, f.line("api_server"));
    }
    String kubeconfig = HttpClientConfigParser.resolve(baseDir, f.string("kubeconfig_file", ""));
    NamespaceDiscovery ns = NamespaceDiscovery.ALL;
    YamlFields nsf = f.mapping("namespaces", "kubernetes.plain", Set.of("own_namespace", "names"));
    if (nsf != null) {
      ns = new NamespaceDiscovery(nsf.strings("names"), nsf.bool("own_namespace", false));
    }
    List<KubernetesSelector> selectors = new ArrayList<>();
    List<Integer> selectorLines = new ArrayList<>();
    for (Node sn : f.sequence("selectors")) {
      if (sn == null) {
        throw new ConfigException(f.line("selectors"), "empty or null selector");
      }
      YamlFields s = YamlFields.of(sn, "kubernetes.SelectorConfig", Set.of("role", "label", "field"));
      String sr = s.string("role", "");
      checkRole(sr, s.line("role"));
      selectors.add(new KubernetesSelector(sr, s.string("label", ""), s.string("field", "")));
      selectorLines.add(s.line());
    }
    boolean attachNode = false;
    YamlFields am = f.mapping("attach_metadata", "kubernetes.AttachMetadataConfig", Set.of("node"));
    if (am != null) {
      attachNode = am.bool("node", false);
    }
    if (role.isEmpty()) {
      throw new ConfigException(f.line(),
          "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)");
    }
    HttpClientConfig http = HttpClientConfigParser.parse(f, baseDir);
    int line = f.line();
    if (!apiServer.isEmpty() && !kubeconfig.isEmpty()) {
      throw new ConfigException(line, "cannot use 'kubeconfig_file' and 'api_server' simultaneously");
    }
    if (!kubeconfig.isEmpty() && http.isCustom()) {
      throw new ConfigException(line,
          "cannot use a custom HTTP client configuration together with 'kubeconfig_file'");
    }
    if (apiServer.isEmpty() && http.isCustom()) {
      throw new ConfigException(line,
          "to use custom HTTP client configuration please provide the 'api_server' URL explicitly");
    }
    if (!apiServer.isEmpty() && ns.ownNamespace()) {
      throw new ConfigException(line,
          "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously");
    }
    if (!kubeconfig.isEmpty() && ns.ownNamespace()) {
      throw new ConfigException(line,
          "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously");
    }
    Set<String> found = new HashSet<>();
    List<String> allowed = ALLOWED_SELECTORS.get(role);
    for (int i = 0; i < selectors.size(); i++) {
      KubernetesSelector s = selectors.get(i);
      int sl = selectorLines.get(i);
      if (!found.add(s.role())) {
        throw new ConfigException(sl, "duplicated selector role: " + s.role());
      }
      if (!allowed.contains(s.role())) {
        throw new ConfigException(sl,
            role + " role supports only " + String.join(", ", allowed) + " selectors");
      }
      try {
        KubernetesSelectorSyntax.checkFieldSelector(s.field());
        KubernetesSelectorSyntax.checkLabelSelector(s.label());
      } catch (ConfigException e) {
        throw new ConfigException(sl, e.getMessage(), e);
      }
    }
    return new KubernetesSdConfig(role, apiServer, kubeconfig, ns, selectors, attachNode, http);
  }

  private static void checkRole(String role, int line) {
    if (!KubernetesSdConfig.ROLES.contains(role)) {
      throw new ConfigException(line, "unknown Kubernetes SD role \"" + role + "\"");
    }
  }
}
