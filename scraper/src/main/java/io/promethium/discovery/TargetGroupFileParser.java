package io.promethium.discovery;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a {@code file_sd_configs} file: a list of {@code {targets: [...], labels: {...}}} in
 * YAML or JSON (JSON is read by the YAML parser; it is a subset for these documents). Each group
 * gets source {@code <file>:<index>} and the label {@code __meta_filepath}, as in Prometheus.
 */
final class TargetGroupFileParser {
  static final String FILEPATH_LABEL = "__meta_filepath";

  private TargetGroupFileParser() {}

  static List<TargetGroup> parse(String path, String content) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    if (!lower.endsWith(".json") && !lower.endsWith(".yml") && !lower.endsWith(".yaml")) {
      throw new IllegalArgumentException("retrieval target groups from " + path + " failed: unsupported file extension");
    }
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
    List<TargetGroup> out = new ArrayList<>();
    if (doc == null) {
      return out;
    }
    if (!(doc instanceof List<?> list)) {
      throw new IllegalArgumentException(path + ": expected a list of target groups");
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(path + ": target group " + i + " is not a mapping");
      }
      for (Object k : m.keySet()) {
        if (!"targets".equals(k) && !"labels".equals(k)) {
          throw new IllegalArgumentException(path + ": field " + k + " not found in type targetgroup.Group");
        }
      }
      List<Labels> targets = new ArrayList<>();
      Object ts = m.get("targets");
      if (ts instanceof List<?> tl) {
        for (Object t : tl) {
          targets.add(Labels.of("__address__", String.valueOf(t)));
        }
      } else if (ts != null) {
        throw new IllegalArgumentException(path + ": targets must be a list");
      }
      LabelsBuilder lb = new LabelsBuilder();
      Object ls = m.get("labels");
      if (ls instanceof Map<?, ?> lm) {
        for (Map.Entry<?, ?> e : lm.entrySet()) {
          String name = String.valueOf(e.getKey());
          if (!Labels.isValidName(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid label name");
          }
          lb.set(name, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
      } else if (ls != null) {
        throw new IllegalArgumentException(path + ": labels must be a mapping");
      }
      lb.set(FILEPATH_LABEL, path);
      out.add(new TargetGroup(path + ":" + i, targets, lb.build()));
    }
    return out;
  }
}
