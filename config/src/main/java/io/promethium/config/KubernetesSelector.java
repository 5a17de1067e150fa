package io.promethium.config;

/** One {@code selectors} entry: Kubernetes label/field selector strings for one role (empty = none). */
public record KubernetesSelector(String role, String label, String field) {
  public KubernetesSelector {
    label = label == null ? "" : label;
    field = field == null ? "" : field;
  }
}
