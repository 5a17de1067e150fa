package io.promethium.config.operator;

import io.promethium.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to one object of a custom resource given as plain maps (parsed YAML/JSON, or a
 * fabric8 {@code GenericKubernetesResource}'s properties). Errors name the field path.
 */
final class CrdFields {

  private final Map<String, Object> map;
  private final String path;

  private CrdFields(Map<String, Object> map, String path) {
    this.map = map;
    this.path = path;
  }

  @SuppressWarnings("unchecked")
  static CrdFields of(Object o, String path) {
    if (o == null) {
      return new CrdFields(Map.of(), path);
    }
    if (!(o instanceof Map<?, ?>)) {
      throw new ConfigException(path + ": expected an object, got " + o);
    }
    return new CrdFields((Map<String, Object>) o, path);
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  CrdFields object(String key) {
    return of(map.get(key), path + "." + key);
  }

  /** Null when absent. */
  CrdFields objectOrNull(String key) {
    return has(key) ? object(key) : null;
  }

  String string(String key) {
    Object v = map.get(key);
    return v == null ? null : String.valueOf(v);
  }

  String string(String key, String def) {
    String s = string(key);
    return s == null ? def : s;
  }

  Boolean bool(String key) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ConfigException(path + "." + key + ": expected a boolean, got " + v);
  }

  boolean bool(String key, boolean def) {
    Boolean b = bool(key);
    return b == null ? def : b;
  }

  long number(String key, long def) {
    Object v = map.get(key);
    if (v == null) {
      return def;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    try {
      return Long.parseLong(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new ConfigException(path + "." + key + ": expected an integer, got " + v);
    }
  }

  /** The raw value of an int-or-string field, as a String plus whether it was a number. */
  Object raw(String key) {
    return map.get(key);
  }

  List<String> strings(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(path + "." + key + ": expected a list, got " + v);
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  List<CrdFields> objects(String key) {
    Object v = map.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> l)) {
      throw new ConfigException(path + "." + key + ": expected a list, got " + v);
    }
    List<CrdFields> out = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      out.add(of(l.get(i), path + "." + key + "[" + i + "]"));
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    CrdFields o = object(key);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : o.map.entrySet()) {
      out.put(e.getKey(), String.valueOf(e.getValue()));
    }
    return out;
  }

  Map<String, List<String>> stringListMap(String key) {
    CrdFields o = object(key);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String k : o.map.keySet()) {
      out.put(k, o.strings(k));
    }
    return out;
  }

  /** A {@code {name, key, optional}} reference, or null when absent. */
  KeySelector keySelector(String key) {
    if (!has(key)) {
      return null;
    }
    CrdFields s = object(key);
    return new KeySelector(s.string("name", ""), s.string("key", ""), s.bool("optional", false));
  }

  /** A {@code {secret: …}} or {@code {configMap: …}} reference, or null when absent. */
  SecretOrConfigMap secretOrConfigMap(String key) {
    if (!has(key)) {
      return null;
    }
    CrdFields s = object(key);
    return new SecretOrConfigMap(s.keySelector("secret"), s.keySelector("configMap"));
  }

  String path() {
    return path;
  }
}
