package io.promethium.discovery.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.promethium.config.Authorization;
import io.promethium.config.BasicAuth;
import io.promethium.config.HttpClientConfig;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.NamespaceDiscovery;
import io.promethium.config.TlsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a kubernetes_sd_configs entry becomes a client configuration (kubeconfig, api_server, in-cluster). */
class ApiServerConfigTest {
  @TempDir
  Path dir;

  private static KubernetesSdConfig sd(String apiServer, String kubeconfig, HttpClientConfig http) {
    return new KubernetesSdConfig("pod", apiServer, kubeconfig, NamespaceDiscovery.ALL, List.of(), false, http);
  }

  private ServiceAccount serviceAccount(String token) throws Exception {
    Files.writeString(dir.resolve("token"), token);
    Files.writeString(dir.resolve("ca.crt"), "not a real CA");
    Files.writeString(dir.resolve("namespace"), "monitoring");
    return new ServiceAccount(dir, Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"));
  }

  @Test
  void inClusterUsesTheServiceAccountAndReReadsTheRotatedToken() throws Exception {
    ServiceAccount sa = serviceAccount("first-token\n");
    Config c = ApiServerConfig.of(sd("", "", HttpClientConfig.DEFAULT), sa);
    assertThat(c.getMasterUrl()).startsWith("https://10.96.0.1:443");
    assertThat(c.getCaCertFile()).isEqualTo(dir.resolve("ca.crt").toString());
    assertThat(c.getOauthTokenProvider().getToken()).isEqualTo("first-token");
    assertThat(sa.namespace()).isEqualTo("monitoring");

    // The kubelet rotates projected tokens by replacing the file.
    Files.writeString(dir.resolve("token"), "second-token");
    Files.setLastModifiedTime(dir.resolve("token"), FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(c.getOauthTokenProvider().getToken()).isEqualTo("second-token");
    assertThat(c.getWatchReconnectLimit()).isEqualTo(-1);
  }

  @Test
  void inClusterWithoutEnvironmentFailsWithClientGosMessage() {
    ServiceAccount sa = new ServiceAccount(dir, Map.of());
    assertThatThrownBy(() -> ApiServerConfig.of(sd("", "", HttpClientConfig.DEFAULT), sa))
        .hasMessage("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
  }

  @Test
  void apiServerTakesBearerTlsAndBasicAuthOptions() throws Exception {
    Files.writeString(dir.resolve("credentials"), "file-token\n");
    HttpClientConfig bearerFile = new HttpClientConfig(null, new Authorization("Bearer", "", dir.resolve("credentials").toString()),
        new TlsConfig(dir.resolve("ca.pem").toString(), "", "", "", true, ""), "", true, true);
    Config c = ApiServerConfig.of(sd("https://k8s.example.com:6443", "", bearerFile), serviceAccount("unused"));
    assertThat(c.getMasterUrl()).startsWith("https://k8s.example.com:6443");
    assertThat(c.getOauthTokenProvider().getToken()).isEqualTo("file-token");
    assertThat(c.getCaCertFile()).isEqualTo(dir.resolve("ca.pem").toString());
    assertThat(c.isTrustCerts()).isTrue();

    HttpClientConfig inline = new HttpClientConfig(null, new Authorization("Bearer", "inline-token", ""), TlsConfig.DEFAULT, "",
        true, true);
    assertThat(ApiServerConfig.of(sd("https://k8s:6443", "", inline), serviceAccount("x")).getOauthToken())
        .isEqualTo("inline-token");

    Files.writeString(dir.resolve("password"), "pw\n");
    HttpClientConfig basic = new HttpClientConfig(new BasicAuth("admin", "", dir.resolve("password").toString()), null,
        TlsConfig.DEFAULT, "", true, true);
    Config b = ApiServerConfig.of(sd("https://k8s:6443", "", basic), serviceAccount("x"));
    assertThat(b.getUsername()).isEqualTo("admin");
    assertThat(b.getPassword()).isEqualTo("pw");
  }

  @Test
  void kubeconfigFileNamesServerAndCredentials() throws Exception {
    Path kc = dir.resolve("kubeconfig");
    Files.writeString(kc, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mesh
          cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
        users:
        - name: prom
          user: {token: kubeconfig-token}
        contexts:
        - name: mesh
          context: {cluster: mesh, user: prom, namespace: istio-system}
        current-context: mesh
        """);
    Config c = ApiServerConfig.of(sd("", kc.toString(), HttpClientConfig.DEFAULT), serviceAccount("unused"));
    assertThat(c.getMasterUrl()).startsWith("https://127.0.0.1:6443");
    assertThat(c.getAutoOAuthToken()).isEqualTo("kubeconfig-token"); // fabric8 keeps kubeconfig tokens here
    assertThat(c.isTrustCerts()).isTrue();
  }

  @Test
  void tokenFileKeepsTheLastTokenWhileTheFileIsBeingSwapped() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "t1");
    TokenFile tf = new TokenFile(token);
    assertThat(tf.getToken()).isEqualTo("t1");
    Files.delete(token);
    assertThat(tf.getToken()).isEqualTo("t1");
    assertThatThrownBy(() -> new TokenFile(dir.resolve("missing")).getToken())
        .hasMessageContaining("unable to read authorization credentials file");
  }
}
