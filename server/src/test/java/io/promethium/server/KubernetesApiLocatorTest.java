package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.discovery.kubernetes.ServiceAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API is found as kubectl finds it, and the flag overrides everything. */
class KubernetesApiLocatorTest {
  @TempDir Path dir;

  Path kubeconfig(String name, int port) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "http://127.0.0.1:%d"}}]
        users: [{name: u, user: {}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """.formatted(port));
    return f;
  }

  ServiceAccount serviceAccount(boolean withToken) throws Exception {
    Path sa = Files.createDirectories(dir.resolve("sa"));
    if (withToken) {
      Files.writeString(sa.resolve("token"), "t0k3n");
      Files.writeString(sa.resolve("namespace"), "monitoring");
    }
    return new ServiceAccount(sa, Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "443"));
  }

  @Test
  void flagWinsOverEverything() throws Exception {
    Path flag = kubeconfig("flag", 1111);
    KubernetesApiLocator.Located l = KubernetesApiLocator.locate(flag.toString(), serviceAccount(true),
        Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBECONFIG", kubeconfig("env", 2222).toString()), dir);
    assertThat(l.config().getMasterUrl()).contains("127.0.0.1:1111");
    assertThat(l.kubeconfig()).isEqualTo(flag.toAbsolutePath());
  }

  @Test
  void inClusterServiceAccountComesBeforeKubeconfig() throws Exception {
    KubernetesApiLocator.Located l = KubernetesApiLocator.locate("", serviceAccount(true),
        Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBECONFIG", kubeconfig("env", 2222).toString()), dir);
    assertThat(l.source()).isEqualTo("in-cluster service account");
    assertThat(l.config().getMasterUrl()).contains("10.0.0.1");
    assertThat(l.kubeconfig()).isNull();
  }

  @Test
  void thenKubeconfigEnvThenHomeKubeConfig() throws Exception {
    ServiceAccount noToken = serviceAccount(false);
    Path env = kubeconfig("env", 2222);
    assertThat(KubernetesApiLocator.locate("", noToken, Map.of("KUBECONFIG", env + ":/nonexistent"), dir)
        .config().getMasterUrl()).contains("2222");
    Files.createDirectories(dir.resolve(".kube"));
    Files.move(kubeconfig("home", 3333), dir.resolve(".kube/config"));
    assertThat(KubernetesApiLocator.locate("", noToken, Map.of(), dir).config().getMasterUrl()).contains("3333");
  }

  @Test
  void nothingFoundMeansNoMonitors() throws Exception {
    assertThat(KubernetesApiLocator.locate("", serviceAccount(false), Map.of(), dir)).isNull();
  }
}
