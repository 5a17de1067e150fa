package io.promethium.discovery;

import io.promethium.tsdb.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code static_configs}: the groups are known up front and sent once. Sources are the index, as in Prometheus. */
public final class StaticDiscovery implements DiscoveryProvider {
  private final List<TargetGroup> groups;

  public StaticDiscovery(List<TargetGroup> groups) {
    this.groups = List.copyOf(groups);
  }

  /** Builds groups from {@code targets}/{@code labels} pairs as they appear in static_configs. */
  public static List<TargetGroup> groups(List<List<String>> targets, List<Map<String, String>> labels) {
    List<TargetGroup> out = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      List<Labels> ts = new ArrayList<>();
      for (String addr : targets.get(i)) {
        ts.add(Labels.of("__address__", addr));
      }
      out.add(new TargetGroup(Integer.toString(i), ts, Labels.fromMap(labels.get(i))));
    }
    return out;
  }

  @Override
  public void start(Consumer<List<TargetGroup>> listener) {
    listener.accept(groups);
  }

  @Override
  public void close() {}
}
