package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.promethium.config.ConfigException;
import io.promethium.config.operator.KeySelector;
import io.promethium.config.operator.SecretResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the Secrets and ConfigMaps that monitors reference from the API server (one GET each, only
 * for monitors that reference them, so RBAC on secrets can stay narrow). TLS assets are written
 * under {@code assetsDir} because Prometheus's TLS options take file names.
 */
public final class KubernetesSecretResolver implements SecretResolver {
  private final KubernetesClient client;
  private final Path assetsDir;

  public KubernetesSecretResolver(KubernetesClient client, Path assetsDir) {
    this.client = client;
    this.assetsDir = assetsDir;
  }

  @Override
  public String secret(String namespace, KeySelector selector) {
    Secret s = client.secrets().inNamespace(namespace).withName(selector.name()).get();
    String v = null;
    if (s != null && s.getData() != null && s.getData().containsKey(selector.key())) {
      v = new String(Base64.getDecoder().decode(s.getData().get(selector.key())), StandardCharsets.UTF_8);
    } else if (s != null && s.getStringData() != null) {
      v = s.getStringData().get(selector.key());
    }
    return found(v, "secret", namespace, selector, s != null);
  }

  @Override
  public String configMap(String namespace, KeySelector selector) {
    ConfigMap c = client.configMaps().inNamespace(namespace).withName(selector.name()).get();
    Map<String, String> data = c == null ? null : c.getData();
    return found(data == null ? null : data.get(selector.key()), "configmap", namespace, selector, c != null);
  }

  @Override
  public String tlsAssetFile(String namespace, String kind, KeySelector selector) {
    String value = kind.equals("secret") ? secret(namespace, selector) : configMap(namespace, selector);
    Path file = assetsDir.resolve(kind + "_" + namespace + "_" + selector.name() + "_" + selector.key());
    try {
      Files.createDirectories(assetsDir);
      Files.writeString(file, value == null ? "" : value, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing TLS asset " + file, e);
    }
    return file.toString();
  }

  /** The operator's wording for missing objects and keys; optional references resolve to null. */
  private static String found(String value, String kind, String namespace, KeySelector sel, boolean objectExists) {
    if (value != null) {
      return value;
    }
    if (sel.optional()) {
      return null;
    }
    if (!objectExists) {
      throw new ConfigException("unable to get " + kind + " \"" + sel.name() + "\" in namespace \"" + namespace + "\": not found");
    }
    throw new ConfigException("key \"" + sel.key() + "\" not found in " + kind + " \"" + namespace + "/" + sel.name() + "\"");
  }
}
