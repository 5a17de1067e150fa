package io.promethium.config.operator;

import io.promethium.config.ConfigException;
import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.config.RelabelValidator;
import java.util.List;

/**
 * A {@code relabelings}/{@code metricRelabelings} entry as written in a monitor; null fields were
 * not set (an explicit empty {@code replacement} is kept: it means "set to empty").
 */
public record MonitorRelabelConfig(
    List<String> sourceLabels,
    String separator,
    String targetLabel,
    String regex,
    Long modulus,
    String replacement,
    String action) {

  public MonitorRelabelConfig {
    sourceLabels = sourceLabels == null ? List.of() : List.copyOf(sourceLabels);
  }

  static MonitorRelabelConfig from(CrdFields f) {
    return new MonitorRelabelConfig(f.strings("sourceLabels"), f.string("separator"),
        f.string("targetLabel"), f.string("regex"), f.has("modulus") ? f.number("modulus", 0) : null,
        f.string("replacement"), f.string("action"));
  }

  /** The Prometheus relabel rule with Prometheus' defaults, validated. */
  public RelabelConfig toRelabelConfig() {
    RelabelAction a = action == null || action.isEmpty() ? RelabelAction.REPLACE : RelabelAction.fromYaml(action);
    if (a == null) {
      throw new ConfigException("unknown relabel action \"" + action + "\"");
    }
    RelabelConfig c = new RelabelConfig(sourceLabels,
        separator == null ? RelabelConfig.DEFAULT_SEPARATOR : separator,
        regex == null ? RelabelConfig.DEFAULT_REGEX : regex,
        modulus == null ? 0 : modulus,
        targetLabel == null ? "" : targetLabel,
        replacement == null ? RelabelConfig.DEFAULT_REPLACEMENT : replacement,
        a);
    RelabelValidator.validate(c);
    return c;
  }
}
