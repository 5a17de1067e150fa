package io.promethium.discovery.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where in-cluster credentials come from: the mounted service-account directory (token, ca.crt,
 * namespace) and the {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} environment. A value type so
 * tests can point it at a temporary directory.
 */
public record ServiceAccount(Path directory, Map<String, String> env) {
  public static final ServiceAccount DEFAULT =
      new ServiceAccount(Path.of("/var/run/secrets/kubernetes.io/serviceaccount"), System.getenv());

  public ServiceAccount {
    env = Map.copyOf(env);
  }

  public Path tokenFile() {
    return directory.resolve("token");
  }

  public Path caFile() {
    return directory.resolve("ca.crt");
  }

  /** The API server URL; client-go's wording when the environment is missing. */
  public String apiServerUrl() {
    String host = env.get("KUBERNETES_SERVICE_HOST");
    String port = env.get("KUBERNETES_SERVICE_PORT");
    if (host == null || host.isEmpty() || port == null || port.isEmpty()) {
      throw new IllegalStateException(
          "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
    }
    return "https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** The namespace this server runs in ({@code own_namespace}). */
  public String namespace() {
    Path p = directory.resolve("namespace");
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException("could not determine own namespace: " + e.getMessage(), e);
    }
  }
}
