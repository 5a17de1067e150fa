package io.promethium.discovery;

/**
 * The configuration of one discovery mechanism of a job (a static_configs list, one
 * file_sd_configs entry, one kubernetes_sd_configs entry). Implementations are value types:
 * equal specs mean a reload can keep the running provider's targets.
 */
public interface DiscoverySpec {
  DiscoveryProvider newProvider();
}
