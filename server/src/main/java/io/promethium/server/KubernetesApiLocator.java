package io.promethium.server;

import io.fabric8.kubernetes.client.Config;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.NamespaceDiscovery;
import io.promethium.config.HttpClientConfig;
import io.promethium.discovery.kubernetes.ApiServerConfig;
import io.promethium.discovery.kubernetes.ServiceAccount;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds a Kubernetes API the way kubectl does, for PodMonitor/ServiceMonitor watching: an explicit
 * kubeconfig flag first, then the in-cluster service account, then {@code $KUBECONFIG} (first
 * entry), then {@code ~/.kube/config}. No API found means monitors are simply off.
 */
final class KubernetesApiLocator {
  /**
   * Where the API came from (for the log), the client configuration, and the kubeconfig file when
   * one was used (null in-cluster).
   */
  record Located(String source, Config config, Path kubeconfig) {}

  private KubernetesApiLocator() {}

  static Located locate(String kubeconfigFlag, ServiceAccount sa, Map<String, String> env, Path home) {
    if (kubeconfigFlag != null && !kubeconfigFlag.isEmpty()) {
      return fromKubeconfig(Path.of(kubeconfigFlag));
    }
    if (env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(sa.tokenFile())) {
      KubernetesSdConfig inCluster = new KubernetesSdConfig("pod", "", "", new NamespaceDiscovery(List.of(), false),
          List.of(), false, HttpClientConfig.DEFAULT);
      return new Located("in-cluster service account", ApiServerConfig.of(inCluster, sa), null);
    }
    String kubeconfigEnv = env.get("KUBECONFIG");
    if (kubeconfigEnv != null && !kubeconfigEnv.isEmpty()) {
      Path first = Path.of(kubeconfigEnv.split(File.pathSeparator)[0]);
      if (Files.isReadable(first)) {
        return fromKubeconfig(first);
      }
    }
    Path dflt = home.resolve(".kube").resolve("config");
    return Files.isReadable(dflt) ? fromKubeconfig(dflt) : null;
  }

  private static Located fromKubeconfig(Path file) {
    Config c = Config.fromKubeconfig(file.toFile());
    c.setWatchReconnectInterval(1000);
    c.setWatchReconnectLimit(-1);
    return new Located("kubeconfig " + file, c, file.toAbsolutePath());
  }
}
