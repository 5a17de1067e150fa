package io.promethium.api;

import io.promethium.scrape.ScrapeManager;
import io.promethium.scrape.Target;
import java.util.ArrayList;
import java.util.List;

/** {@link MetadataSource} over the metric metadata each active target exposed in its last scrape. */
public final class ScrapeManagerMetadata implements MetadataSource {
  private final ScrapeManager manager;

  public ScrapeManagerMetadata(ScrapeManager manager) {
    this.manager = manager;
  }

  @Override
  public List<TargetMetadata> targetMetadata() {
    List<Target> targets = manager.activeTargets();
    List<TargetMetadata> out = new ArrayList<>(targets.size());
    for (Target t : targets) {
      List<io.promethium.scrape.MetricMetadata> scraped = t.metadata();
      List<MetricMetadata> mm = new ArrayList<>(scraped.size());
      for (io.promethium.scrape.MetricMetadata m : scraped) {
        mm.add(new MetricMetadata(m.metric(), m.type(), m.help(), m.unit()));
      }
      out.add(new TargetMetadata(ScrapeManagerTargets.withoutInternal(t.labels()), mm));
    }
    return out;
  }
}
