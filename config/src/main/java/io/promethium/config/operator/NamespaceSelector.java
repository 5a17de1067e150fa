package io.promethium.config.operator;

import java.util.List;

/** {@code namespaceSelector}: {@code any: true}, explicit names, or (both unset) the monitor's own namespace. */
public record NamespaceSelector(boolean any, List<String> matchNames) {
  public static final NamespaceSelector OWN = new NamespaceSelector(false, List.of());

  public NamespaceSelector {
    matchNames = List.copyOf(matchNames);
  }
}
