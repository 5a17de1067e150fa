package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.promethium.config.Authorization;
import io.promethium.config.BasicAuth;
import io.promethium.config.HttpClientConfig;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.TlsConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fabric8 client configuration for a {@code kubernetes_sd_configs} entry, chosen like
 * Prometheus: {@code kubeconfig_file} if set, else {@code api_server} with the entry's HTTP client
 * options, else in-cluster (service-account token, re-read on rotation, and CA).
 */
public final class ApiServerConfig {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerConfig.class);

  private ApiServerConfig() {}

  public static Config of(KubernetesSdConfig sd, ServiceAccount sa) {
    Config c;
    if (!sd.kubeconfigFile().isEmpty()) {
      c = Config.fromKubeconfig(new File(sd.kubeconfigFile()));
    } else if (!sd.apiServer().isEmpty()) {
      c = withHttpOptions(new ConfigBuilder(Config.empty()).withMasterUrl(sd.apiServer()), sd.httpClientConfig()).build();
    } else {
      c = new ConfigBuilder(Config.empty())
          .withMasterUrl(sa.apiServerUrl())
          .withCaCertFile(sa.caFile().toString())
          .withOauthTokenProvider(new TokenFile(sa.tokenFile()))
          .build();
    }
    // Informers reconnect their watches with exponential backoff starting at 1s, forever.
    c.setWatchReconnectInterval(1000);
    c.setWatchReconnectLimit(-1);
    return c;
  }

  static ConfigBuilder withHttpOptions(ConfigBuilder b, HttpClientConfig h) {
    TlsConfig tls = h.tlsConfig();
    if (!tls.caFile().isEmpty()) {
      b.withCaCertFile(tls.caFile());
    }
    if (!tls.certFile().isEmpty()) {
      b.withClientCertFile(tls.certFile());
    }
    if (!tls.keyFile().isEmpty()) {
      b.withClientKeyFile(tls.keyFile());
    }
    if (tls.insecureSkipVerify()) {
      b.withTrustCerts(true).withDisableHostnameVerification(true);
    }
    if (!tls.serverName().isEmpty()) {
      LOG.warn("msg=\"tls_config.server_name is not supported for the Kubernetes API connection; ignored\" server_name={}",
          tls.serverName());
    }
    Authorization a = h.authorization();
    if (a != null) {
      if (!a.credentialsFile().isEmpty()) {
        b.withOauthTokenProvider(new TokenFile(Path.of(a.credentialsFile())));
      } else if (!a.credentials().isEmpty()) {
        b.withOauthToken(a.credentials());
      }
    }
    BasicAuth ba = h.basicAuth();
    if (ba != null) {
      b.withUsername(ba.username());
      b.withPassword(ba.passwordFile().isEmpty() ? ba.password() : read(ba.passwordFile()));
    }
    if (!h.proxyUrl().isEmpty()) {
      b.withHttpsProxy(h.proxyUrl()).withHttpProxy(h.proxyUrl());
    }
    return b;
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("unable to read basic auth password file " + file, e);
    }
  }
}
