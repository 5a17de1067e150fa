package io.promethium.api;

import io.promethium.scrape.ScrapeManager;
import io.promethium.scrape.Target;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link TargetsSource} over the scraper's {@link ScrapeManager}. */
public final class ScrapeManagerTargets implements TargetsSource {
  private final ScrapeManager manager;
  private final String hostname;

  public ScrapeManagerTargets(ScrapeManager manager) {
    this.manager = manager;
    this.hostname = localHostname();
  }

  @Override
  public List<ActiveTarget> activeTargets() {
    List<Target> targets = manager.activeTargets();
    List<ActiveTarget> out = new ArrayList<>(targets.size());
    for (Target t : targets) {
      out.add(new ActiveTarget(t.discoveredLabels(), withoutInternal(t.labels()), t.job(), t.url(), globalUrl(t.url()),
          t.lastError() == null ? "" : t.lastError(),
          t.lastScrapeMillis() == 0 ? null : Instant.ofEpochMilli(t.lastScrapeMillis()),
          t.lastScrapeDurationSeconds(), t.health().text(), ApiDuration.format(t.intervalMillis()),
          ApiDuration.format(t.timeoutMillis())));
    }
    return out;
  }

  @Override
  public List<DroppedTarget> droppedTargets() {
    List<io.promethium.scrape.DroppedTarget> dropped = manager.droppedTargets();
    List<DroppedTarget> out = new ArrayList<>(dropped.size());
    for (io.promethium.scrape.DroppedTarget d : dropped) {
      out.add(new DroppedTarget(d.discoveredLabels(), d.job()));
    }
    return out;
  }

  @Override
  public List<String> scrapePools() {
    return manager.jobNames();
  }

  /** The API shows target labels without the internal {@code __} ones. */
  static Labels withoutInternal(Labels labels) {
    LabelsBuilder b = new LabelsBuilder(labels);
    for (int i = 0; i < labels.size(); i++) {
      if (labels.name(i).startsWith("__")) {
        b.del(labels.name(i));
      }
    }
    return b.build();
  }

  /**
   * Prometheus's globalUrl: the scrape URL with a loopback host replaced by this machine's name,
   * so the link works from elsewhere.
   */
  String globalUrl(String url) {
    try {
      URI u = URI.create(url);
      String host = u.getHost();
      if (host == null || !(host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
          || host.equals("::1"))) {
        return url;
      }
      return new URI(u.getScheme(), u.getUserInfo(), hostname, u.getPort(), u.getPath(), u.getQuery(),
          u.getFragment()).toString();
    } catch (IllegalArgumentException | java.net.URISyntaxException e) {
      return url;
    }
  }

  private static String localHostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
