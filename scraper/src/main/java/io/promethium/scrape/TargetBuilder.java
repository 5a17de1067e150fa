package io.promethium.scrape;

import io.promethium.discovery.TargetGroup;
import io.promethium.scrape.relabel.Relabeler;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns discovered target groups into targets the way Prometheus 2.42's
 * {@code TargetsFromGroup}/{@code PopulateLabels} do: job defaults, {@code __param_*}, relabeling,
 * address/port checks, interval/timeout checks, {@code __meta_*} removal and {@code instance}
 * defaulting. Targets dropped by relabeling are kept (with their pre-relabel labels) for the
 * service-discovery page.
 */
public final class TargetBuilder {
  private final ScrapeSettings settings;
  private final Relabeler relabeler;
  private final List<Target> active = new ArrayList<>();
  private final List<Labels> dropped = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  public TargetBuilder(ScrapeSettings settings, Relabeler relabeler) {
    this.settings = settings;
    this.relabeler = relabeler;
  }

  public TargetBuilder(ScrapeSettings settings) {
    this(settings, Relabeler.compile(settings.relabelConfigs()));
  }

  /** Adds every target of the group to {@link #active()}, {@link #dropped()} or {@link #errors()}. */
  public void add(TargetGroup group) {
    List<Labels> targets = group.targets();
    for (int i = 0; i < targets.size(); i++) {
      Labels t = targets.get(i);
      LabelsBuilder lb = t.toBuilder();
      Labels gl = group.labels();
      for (int k = 0; k < gl.size(); k++) {
        if (!t.has(gl.name(k))) {
          lb.set(gl.name(k), gl.value(k));
        }
      }
      try {
        Labels pre = withDefaults(lb.build(), settings);
        Target target = populate(pre, settings, relabeler);
        if (target == null) {
          dropped.add(pre);
        } else {
          active.add(target);
        }
      } catch (InvalidTargetException e) {
        errors.add("instance " + i + " in group " + group.source() + ": " + e.getMessage());
      }
    }
  }

  public List<Target> active() {
    return active;
  }

  /** Pre-relabel label sets of targets that relabeling dropped. */
  public List<Labels> dropped() {
    return dropped;
  }

  public List<String> errors() {
    return errors;
  }

  /** Discovered labels plus the job's defaults where discovery set none, and {@code __param_*}. */
  static Labels withDefaults(Labels discovered, ScrapeSettings s) {
    LabelsBuilder lb = discovered.toBuilder();
    setIfAbsent(lb, discovered, "job", s.jobName());
    setIfAbsent(lb, discovered, "__scrape_interval__", DurationText.format(s.scrapeInterval().toMillis()));
    setIfAbsent(lb, discovered, "__scrape_timeout__", DurationText.format(s.scrapeTimeout().toMillis()));
    setIfAbsent(lb, discovered, "__metrics_path__", s.metricsPath());
    setIfAbsent(lb, discovered, "__scheme__", s.scheme());
    for (Map.Entry<String, List<String>> e : s.params().entrySet()) {
      if (!e.getValue().isEmpty()) {
        lb.set("__param_" + e.getKey(), e.getValue().get(0));
      }
    }
    return lb.build();
  }

  /** The target for pre-relabel labels {@code pre}, or null when relabeling drops it. */
  static Target populate(Labels pre, ScrapeSettings s, Relabeler relabeler) throws InvalidTargetException {
    Labels lset = relabeler.process(pre);
    if (lset == null) {
      return null;
    }
    String addr = lset.get("__address__");
    if (addr.isEmpty()) {
      throw new InvalidTargetException("no address");
    }
    LabelsBuilder lb = lset.toBuilder();
    if (HostPort.needsPort(addr)) {
      String scheme = lset.get("__scheme__");
      switch (scheme) {
        case "http", "" -> addr = addr + ":80";
        case "https" -> addr = addr + ":443";
        default -> throw new InvalidTargetException("invalid scheme: \"" + s.scheme() + "\"");
      }
      lb.set("__address__", addr);
    }
    if (addr.contains("/")) {
      throw new InvalidTargetException("\"" + addr + "\" is not a valid hostname");
    }
    String interval = lset.get("__scrape_interval__");
    long intervalMs;
    try {
      intervalMs = DurationText.parse(interval);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidTargetException("error parsing scrape interval: " + e.getMessage());
    }
    if (intervalMs == 0) {
      throw new InvalidTargetException("scrape interval cannot be 0");
    }
    String timeout = lset.get("__scrape_timeout__");
    long timeoutMs;
    try {
      timeoutMs = DurationText.parse(timeout);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidTargetException("error parsing scrape timeout: " + e.getMessage());
    }
    if (timeoutMs == 0) {
      throw new InvalidTargetException("scrape timeout cannot be 0");
    }
    if (timeoutMs > intervalMs) {
      throw new InvalidTargetException(
          "scrape timeout cannot be greater than scrape interval (\"" + timeout + "\" > \"" + interval + "\")");
    }
    for (int i = 0; i < lset.size(); i++) {
      if (lset.name(i).startsWith("__meta_")) {
        lb.del(lset.name(i));
      }
    }
    if (lset.get("instance").isEmpty()) {
      lb.set("instance", addr);
    }
    Labels res = lb.build();
    for (int i = 0; i < res.size(); i++) {
      if (!isValidUtf8(res.value(i))) {
        throw new InvalidTargetException("invalid label value for \"" + res.name(i) + "\": \"" + res.value(i) + "\"");
      }
    }
    return new Target(s.jobName(), res, pre, s.params(), intervalMs, timeoutMs);
  }

  private static boolean isValidUtf8(String v) {
    // Java strings from UTF-8 input replace bad bytes with U+FFFD; lone surrogates are the remaining invalid case.
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= v.length() || !Character.isLowSurrogate(v.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void setIfAbsent(LabelsBuilder lb, Labels discovered, String name, String value) {
    if (discovered.get(name).isEmpty()) {
      lb.set(name, value);
    }
  }
}
