package io.promethium.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Strict, line-aware access to one YAML mapping, decoded the way Go's yaml.v2 {@code UnmarshalStrict}
 * decodes into a struct: unknown and duplicate keys are errors named after the Go type, any scalar
 * may fill a string field, booleans and integers must be typed as such, and a null value means
 * "field not set".
 */
final class YamlFields {

  private final Node node;
  private final String typeName;
  private final Map<String, Node> values = new LinkedHashMap<>();
  private final Map<String, Integer> keyLines = new HashMap<>();

  private YamlFields(Node node, String typeName) {
    this.node = node;
    this.typeName = typeName;
  }

  /** Reads a mapping node whose keys must all be in {@code allowed}. */
  static YamlFields of(Node node, String typeName, Set<String> allowed) {
    YamlFields f = new YamlFields(node, typeName);
    if (!(node instanceof MappingNode mapping)) {
      throw new ConfigException(line(node),
          "cannot unmarshal " + kind(node) + " into " + typeName);
    }
    List<NodeTuple> merged = new ArrayList<>();
    for (NodeTuple t : mapping.getValue()) {
      Node k = t.getKeyNode();
      if (Tag.MERGE.equals(k.getTag())) {
        collectMerge(t.getValueNode(), merged);
        continue;
      }
      String key = k instanceof ScalarNode s ? s.getValue() : String.valueOf(k);
      if (f.values.containsKey(key)) {
        throw new ConfigException(line(k), "field " + key + " already set in type " + typeName);
      }
      f.put(key, t, allowed);
    }
    // YAML merge keys ("<<: *anchor"), which Go's yaml.v2 honours: explicit keys win, then
    // earlier merged mappings win over later ones.
    for (NodeTuple t : merged) {
      String key = scalarString(t.getKeyNode());
      if (!f.values.containsKey(key)) {
        f.put(key, t, allowed);
      }
    }
    return f;
  }

  private void put(String key, NodeTuple t, Set<String> allowed) {
    Node k = t.getKeyNode();
    if (allowed != null && !allowed.contains(key)) {
      throw new ConfigException(line(k), "field " + key + " not found in type " + typeName);
    }
    values.put(key, t.getValueNode());
    keyLines.put(key, line(k));
  }

  private static void collectMerge(Node value, List<NodeTuple> out) {
    if (value instanceof MappingNode m) {
      out.addAll(m.getValue());
    } else if (value instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        if (!(item instanceof MappingNode m)) {
          throw new ConfigException(line(item), "map merge requires map or sequence of maps as the value");
        }
        out.addAll(m.getValue());
      }
    } else {
      throw new ConfigException(line(value), "map merge requires map or sequence of maps as the value");
    }
  }

  static int line(Node n) {
    return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
  }

  static boolean isNull(Node n) {
    return n == null || Tag.NULL.equals(n.getTag());
  }

  static String kind(Node n) {
    if (n instanceof MappingNode) {
      return "!!map";
    }
    if (n instanceof SequenceNode) {
      return "!!seq";
    }
    ScalarNode s = (ScalarNode) n;
    String tag = s.getTag().getValue();
    String shortTag = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    return shortTag + " `" + s.getValue() + "`";
  }

  Node node() {
    return node;
  }

  int line() {
    return line(node);
  }

  String typeName() {
    return typeName;
  }

  Set<String> keys() {
    return values.keySet();
  }

  boolean has(String key) {
    return !isNull(values.get(key));
  }

  /** Whether the key is present at all (even with a null value). */
  boolean present(String key) {
    return values.containsKey(key);
  }

  Node raw(String key) {
    return values.get(key);
  }

  /** Line of the key (or of the mapping, if the key is absent). */
  int line(String key) {
    Integer l = keyLines.get(key);
    return l == null ? line() : l;
  }

  /** Absent: {@code def}; explicit null: "" (yaml.v2 stores the zero value); else the scalar text. */
  String string(String key, String def) {
    Node n = values.get(key);
    if (n == null) {
      return def;
    }
    return isNull(n) ? "" : scalarString(n);
  }

  static String scalarString(Node n) {
    if (!(n instanceof ScalarNode s)) {
      throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into string");
    }
    if (Tag.BINARY.equals(s.getTag())) {
      byte[] bytes = binary(s);
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return s.getValue();
  }

  static byte[] binary(ScalarNode s) {
    try {
      return Base64.getMimeDecoder().decode(s.getValue());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(line(s), "!!binary value contains invalid base64 data", e);
    }
  }

  boolean bool(String key, boolean def) {
    Node n = values.get(key);
    if (n == null) {
      return def;
    }
    if (isNull(n)) {
      return false;
    }
    if (n instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())) {
      String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
      return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
    }
    throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into bool");
  }

  /** Unsigned integer fields ({@code sample_limit}, {@code modulus}, …). */
  long uint(String key, long def) {
    Node n = values.get(key);
    if (n == null) {
      return def;
    }
    if (isNull(n)) {
      return 0;
    }
    if (n instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
      try {
        long v = Long.decode(s.getValue().replace("_", ""));
        if (v >= 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        // falls through to the type error below, as yaml.v2 reports overflow
      }
    }
    throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into uint64");
  }

  long integer(String key, long def) {
    Node n = values.get(key);
    if (isNull(n)) {
      return def;
    }
    if (n instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
      try {
        return Long.decode(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into int", e);
      }
    }
    throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into int");
  }

  /** A Prometheus duration, or {@code def} when absent/null. */
  Duration duration(String key, Duration def) {
    Node n = values.get(key);
    if (isNull(n)) {
      return def;
    }
    String s = scalarString(n);
    try {
      return PrometheusDuration.parse(s);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(line(n), e.getMessage(), e);
    }
  }

  List<String> strings(String key) {
    Node n = values.get(key);
    if (isNull(n)) {
      return List.of();
    }
    if (!(n instanceof SequenceNode seq)) {
      throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into []string");
    }
    List<String> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      out.add(isNull(item) ? "" : scalarString(item));
    }
    return out;
  }

  /** Sequence items (null items kept as null so callers can report them). */
  List<Node> sequence(String key) {
    Node n = values.get(key);
    if (isNull(n)) {
      return List.of();
    }
    if (!(n instanceof SequenceNode seq)) {
      throw new ConfigException(line(n), "cannot unmarshal " + kind(n) + " into []" + key);
    }
    List<Node> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      out.add(isNull(item) ? null : item);
    }
    return out;
  }

  Map<String, String> stringMap(String key) {
    Node n = values.get(key);
    if (isNull(n)) {
      return Map.of();
    }
    YamlFields m = YamlFields.of(n, "map[string]string", null);
    Map<String, String> out = new LinkedHashMap<>();
    for (String k : m.keys()) {
      out.put(k, m.string(k, ""));
    }
    return out;
  }

  /** Nested mapping with its own allowed keys, or null when absent/null. */
  YamlFields mapping(String key, String type, Set<String> allowed) {
    Node n = values.get(key);
    return isNull(n) ? null : YamlFields.of(n, type, allowed);
  }

  /** Converts a node to plain Java values (maps keep order) for sections we only keep. */
  static Object plain(Node n) {
    if (isNull(n)) {
      return null;
    }
    if (n instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String k = scalarString(t.getKeyNode());
        if (out.containsKey(k)) {
          throw new ConfigException(line(t.getKeyNode()), "mapping key \"" + k + "\" already defined");
        }
        out.put(k, plain(t.getValueNode()));
      }
      return out;
    }
    if (n instanceof SequenceNode s) {
      List<Object> out = new ArrayList<>();
      for (Node item : s.getValue()) {
        out.add(plain(item));
      }
      return out;
    }
    ScalarNode s = (ScalarNode) n;
    Tag tag = s.getTag();
    if (Tag.BOOL.equals(tag)) {
      String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
      return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
    }
    if (Tag.INT.equals(tag)) {
      try {
        return Long.decode(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        return s.getValue();
      }
    }
    if (Tag.FLOAT.equals(tag)) {
      try {
        return Double.parseDouble(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        return s.getValue();
      }
    }
    return scalarString(s);
  }
}
