package io.promethium.config;

import java.util.List;

/**
 * One {@code kubernetes_sd_configs} entry. {@code role} is one of pod, service, endpoints,
 * endpointslice, node, ingress; {@code apiServer} and {@code kubeconfigFile} are empty when unset
 * (then in-cluster configuration is used); {@code namespaces} is never null.
 */
public record KubernetesSdConfig(
    String role,
    String apiServer,
    String kubeconfigFile,
    NamespaceDiscovery namespaces,
    List<KubernetesSelector> selectors,
    boolean attachMetadataNode,
    HttpClientConfig httpClientConfig) {

  public static final List<String> ROLES =
      List.of("pod", "service", "endpoints", "endpointslice", "node", "ingress");

  public KubernetesSdConfig {
    apiServer = apiServer == null ? "" : apiServer;
    kubeconfigFile = kubeconfigFile == null ? "" : kubeconfigFile;
    namespaces = namespaces == null ? NamespaceDiscovery.ALL : namespaces;
    selectors = List.copyOf(selectors);
    httpClientConfig = httpClientConfig == null ? HttpClientConfig.DEFAULT : httpClientConfig;
  }

  public KubernetesSdConfig withKubeconfigFile(String file) {
    return new KubernetesSdConfig(role, apiServer, file, namespaces, selectors, attachMetadataNode, httpClientConfig);
  }
}
