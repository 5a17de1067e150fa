package io.promethium.config;

import java.util.List;
import java.util.Map;

/** One {@code static_configs} target group. */
public record StaticConfig(List<String> targets, Map<String, String> labels) {
  public StaticConfig {
    targets = List.copyOf(targets);
    labels = PlainYaml.sortedCopy(labels);
  }
}
