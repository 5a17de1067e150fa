package io.promethium.config.operator;

import java.util.List;

/** One {@code matchExpressions} entry; operator is In, NotIn, Exists or DoesNotExist. */
public record LabelSelectorRequirement(String key, String operator, List<String> values) {
  public LabelSelectorRequirement {
    values = List.copyOf(values);
  }
}
