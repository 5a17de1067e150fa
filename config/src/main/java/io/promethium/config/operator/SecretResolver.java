package io.promethium.config.operator;

/**
 * Looks up the Secrets and ConfigMaps that monitors refer to. Implemented by the caller
 * (a Kubernetes client in discovery, a map in tests).
 */
public interface SecretResolver {

  /** The value of {@code selector.key} in Secret {@code namespace/selector.name}; null if optional and absent. */
  String secret(String namespace, KeySelector selector);

  /** The value of {@code selector.key} in ConfigMap {@code namespace/selector.name}; null if optional and absent. */
  String configMap(String namespace, KeySelector selector);

  /**
   * A file holding a TLS asset, because Prometheus reads CA, certificate and key from files.
   * The default returns the path the operator mounts its {@code tls-assets} volume at
   * ({@code /etc/prometheus/certs/<kind>_<namespace>_<name>_<key>}); an implementation that
   * scrapes for real writes the value there (or elsewhere) and returns that path.
   *
   * @param kind {@code secret} or {@code configmap}
   */
  default String tlsAssetFile(String namespace, String kind, KeySelector selector) {
    return "/etc/prometheus/certs/" + kind + "_" + namespace + "_" + selector.name() + "_" + selector.key();
  }

  /** A resolver for monitors that reference no Secrets or ConfigMaps. */
  SecretResolver NONE = new SecretResolver() {
    @Override
    public String secret(String namespace, KeySelector selector) {
      throw new io.promethium.config.ConfigException("no Secret access: cannot read secret "
          + namespace + "/" + selector.name() + " key " + selector.key());
    }

    @Override
    public String configMap(String namespace, KeySelector selector) {
      throw new io.promethium.config.ConfigException("no ConfigMap access: cannot read configmap "
          + namespace + "/" + selector.name() + " key " + selector.key());
    }
  };
}
