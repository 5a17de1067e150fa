package io.promethium.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Immutable copies of plain YAML values (maps, lists, scalars) kept in the model. */
final class PlainYaml {

  private PlainYaml() {}

  /** Sorted (as Go's YAML encoder sorts map keys) unmodifiable copy; null becomes empty. */
  static Map<String, String> sortedCopy(Map<String, String> m) {
    if (m == null || m.isEmpty()) {
      return Map.of();
    }
    return Collections.unmodifiableMap(new TreeMap<>(m));
  }

  static Map<String, List<String>> paramsCopy(Map<String, List<String>> m) {
    if (m == null || m.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : m.entrySet()) {
      out.put(e.getKey(), List.copyOf(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  static <V> Map<String, V> immutable(Map<String, V> m) {
    LinkedHashMap<String, V> out = new LinkedHashMap<>();
    for (Map.Entry<String, V> e : m.entrySet()) {
      out.put(e.getKey(), (V) deep(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  @SuppressWarnings("unchecked")
  private static Object deep(Object v) {
    if (v instanceof Map<?, ?> m) {
      return immutable((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(deep(o));
      }
      return Collections.unmodifiableList(out);
    }
    return v;
  }
}
