package io.promethium.discovery;

import io.promethium.tsdb.Labels;
import java.util.List;

/**
 * A set of targets from one discovery source, as Prometheus's {@code targetgroup.Group}: each
 * target is a label set (at least {@code __address__}); {@code labels} apply to all targets that
 * do not set them. A group with no targets tells consumers that the source is gone.
 *
 * @param source unique within its provider, e.g. {@code /etc/sd/a.json:0}
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
  public TargetGroup {
    targets = List.copyOf(targets);
    labels = labels == null ? Labels.EMPTY : labels;
  }

  public static TargetGroup empty(String source) {
    return new TargetGroup(source, List.of(), Labels.EMPTY);
  }
}
