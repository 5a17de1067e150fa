package io.promethium.discovery.kubernetes;

import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Test listener: keeps the latest group per source, as the scrape pool does, and waits for a state. */
final class TargetGroupCollector implements Consumer<List<TargetGroup>> {
  private final Map<String, TargetGroup> groups = new TreeMap<>();
  private int updates;

  @Override
  public synchronized void accept(List<TargetGroup> update) {
    for (TargetGroup g : update) {
      if (g.targets().isEmpty()) {
        groups.remove(g.source());
      } else {
        groups.put(g.source(), g);
      }
    }
    updates++;
    notifyAll();
  }

  synchronized int updates() {
    return updates;
  }

  synchronized Map<String, TargetGroup> groups() {
    return new TreeMap<>(groups);
  }

  /** Waits (generously; the machine is loaded) until the groups satisfy {@code condition}. */
  synchronized Map<String, TargetGroup> await(Predicate<Map<String, TargetGroup>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.test(groups) || updates == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("discovery did not reach the expected state; groups: " + groups.keySet());
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return new TreeMap<>(groups);
  }

  /** Every target of a group with the group labels filled in (target labels win), as Prometheus merges them. */
  static List<Map<String, String>> merged(TargetGroup g) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Labels t : g.targets()) {
      Map<String, String> m = new TreeMap<>();
      g.labels().forEach(m::put);
      t.forEach(m::put);
      out.add(m);
    }
    return out;
  }

  static Map<String, String> map(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
