package io.promethium.server;

import io.promethium.api.ActiveTarget;
import io.promethium.api.DroppedTarget;
import io.promethium.api.TargetsSource;
import io.promethium.config.PrometheusDuration;
import io.promethium.scrape.ScrapeManager;
import io.promethium.scrape.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The scraper's targets as the HTTP API shows them ({@code /api/v1/targets}). */
final class ScrapeTargetsSource implements TargetsSource {
  private final ScrapeManager scrapes;

  ScrapeTargetsSource(ScrapeManager scrapes) {
    this.scrapes = scrapes;
  }

  @Override
  public List<ActiveTarget> activeTargets() {
    List<Target> targets = scrapes.activeTargets();
    List<ActiveTarget> out = new ArrayList<>(targets.size());
    for (Target t : targets) {
      long last = t.lastScrapeMillis();
      // Prometheus's API hides __-prefixed labels in a target's "labels".
      out.add(new ActiveTarget(t.discoveredLabels(), t.seriesLabels(), t.job(), t.url(), t.url(), t.lastError(),
          last > 0 ? Instant.ofEpochMilli(last) : null, t.lastScrapeDurationSeconds(), t.health().text(),
          PrometheusDuration.format(Duration.ofMillis(t.intervalMillis())),
          PrometheusDuration.format(Duration.ofMillis(t.timeoutMillis()))));
    }
    return out;
  }

  @Override
  public List<DroppedTarget> droppedTargets() {
    List<io.promethium.scrape.DroppedTarget> dropped = scrapes.droppedTargets();
    List<DroppedTarget> out = new ArrayList<>(dropped.size());
    for (io.promethium.scrape.DroppedTarget d : dropped) {
      out.add(new DroppedTarget(d.discoveredLabels(), d.job()));
    }
    return out;
  }

  @Override
  public List<String> scrapePools() {
    return scrapes.jobNames();
  }
}
