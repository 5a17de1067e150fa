package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;

/** Applies a field selector string ({@code a=b,c!=d}, {@code ==} allowed) to a fabric8 list/watch. */
final class FieldSelector {
  private FieldSelector() {}

  static <T extends HasMetadata, L extends KubernetesResourceList<T>> FilterWatchListDeletable<T, L, ?> apply(
      FilterWatchListDeletable<T, L, ?> f, String selector) {
    if (selector.isEmpty()) {
      return f;
    }
    for (String term : selector.split(",")) {
      String t = term.strip();
      int ne = t.indexOf("!=");
      if (ne > 0) {
        f = f.withoutField(t.substring(0, ne).strip(), t.substring(ne + 2).strip());
        continue;
      }
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid field selector term \"" + t + "\"");
      }
      int valueStart = t.startsWith("==", eq) ? eq + 2 : eq + 1;
      f = f.withField(t.substring(0, eq).strip(), t.substring(valueStart).strip());
    }
    return f;
  }
}
