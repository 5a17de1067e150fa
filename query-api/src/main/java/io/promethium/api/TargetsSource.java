package io.promethium.api;

import java.util.List;

/** What the scrape side knows about targets; the server adapts the scraper to it. */
public interface TargetsSource {
  List<ActiveTarget> activeTargets();

  List<DroppedTarget> droppedTargets();

  /** Names of all configured scrape pools (jobs). */
  List<String> scrapePools();

  TargetsSource EMPTY = new TargetsSource() {
    @Override
    public List<ActiveTarget> activeTargets() {
      return List.of();
    }

    @Override
    public List<DroppedTarget> droppedTargets() {
      return List.of();
    }

    @Override
    public List<String> scrapePools() {
      return List.of();
    }
  };
}
