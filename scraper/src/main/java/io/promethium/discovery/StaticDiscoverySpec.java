package io.promethium.discovery;

import java.util.List;

/** {@code static_configs} of a job. */
public record StaticDiscoverySpec(List<TargetGroup> groups) implements DiscoverySpec {
  public StaticDiscoverySpec {
    groups = List.copyOf(groups);
  }

  @Override
  public DiscoveryProvider newProvider() {
    return new StaticDiscovery(groups);
  }
}
