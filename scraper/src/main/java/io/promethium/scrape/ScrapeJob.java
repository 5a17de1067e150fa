package io.promethium.scrape;

import io.promethium.discovery.DiscoverySpec;
import java.util.List;

/** One scrape job: its settings and where its targets come from. Equality decides reload behaviour. */
public record ScrapeJob(ScrapeSettings settings, List<DiscoverySpec> discovery) {
  public ScrapeJob {
    discovery = List.copyOf(discovery);
  }

  public String name() {
    return settings.jobName();
  }
}
