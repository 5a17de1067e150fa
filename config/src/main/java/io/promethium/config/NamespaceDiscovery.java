package io.promethium.config;

import java.util.List;

/** {@code namespaces}: explicit names and/or the namespace Prometheus runs in; empty = all. */
public record NamespaceDiscovery(List<String> names, boolean ownNamespace) {
  public static final NamespaceDiscovery ALL = new NamespaceDiscovery(List.of(), false);

  public NamespaceDiscovery {
    names = List.copyOf(names);
  }
}
