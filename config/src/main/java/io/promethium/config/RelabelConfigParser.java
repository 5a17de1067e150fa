package io.promethium.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads relabel rule lists with Prometheus' defaults and validation. */
final class RelabelConfigParser {

  private static final Set<String> KEYS = Set.of(
      "source_labels", "separator", "regex", "modulus", "target_label", "replacement", "action");

  private RelabelConfigParser() {}

  /**
   * @param nullMessage Prometheus' error for a null list entry, e.g. "empty or null target
   *     relabeling rule in scrape config"
   */
  static List<RelabelConfig> parseList(YamlFields parent, String key, String nullMessage) {
    List<RelabelConfig> out = new ArrayList<>();
    for (Node n : parent.sequence(key)) {
      if (n == null) {
        throw new ConfigException(parent.line(key), nullMessage);
      }
      out.add(parse(n));
    }
    return out;
  }

  static RelabelConfig parse(Node n) {
    YamlFields f = YamlFields.of(n, "relabel.plain", KEYS);
    List<String> sources = f.strings("source_labels");
    for (String s : sources) {
      if (!LabelName.isValid(s)) {
        throw new ConfigException(f.line("source_labels"),
            RelabelValidator.goQuote(s) + " is not a valid label name");
      }
    }
    RelabelAction action;
    if (!f.present("action")) {
      action = RelabelAction.REPLACE;
    } else {
      String a = f.string("action", "");
      if (a.isEmpty()) {
        throw new ConfigException(f.line("action"), "relabel action cannot be empty");
      }
      action = RelabelAction.fromYaml(a);
      if (action == null) {
        throw new ConfigException(f.line("action"),
            "unknown relabel action " + RelabelValidator.goQuote(a));
      }
    }
    RelabelConfig c = new RelabelConfig(
        sources,
        f.string("separator", RelabelConfig.DEFAULT_SEPARATOR),
        f.string("regex", RelabelConfig.DEFAULT_REGEX),
        f.uint("modulus", 0),
        f.string("target_label", ""),
        f.string("replacement", RelabelConfig.DEFAULT_REPLACEMENT),
        action);
    try {
      RelabelValidator.validate(c);
    } catch (ConfigException e) {
      int line = f.line();
      if (e.getMessage().startsWith("error parsing regexp")) {
        line = f.line("regex");
      }
      throw new ConfigException(line, e.getMessage(), e);
    }
    return c;
  }
}
