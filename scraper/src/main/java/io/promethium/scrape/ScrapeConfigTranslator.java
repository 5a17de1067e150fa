package io.promethium.scrape;

import io.promethium.config.Authorization;
import io.promethium.config.BasicAuth;
import io.promethium.config.FileSdConfig;
import io.promethium.config.HttpClientConfig;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.StaticConfig;
import io.promethium.config.TlsConfig;
import io.promethium.discovery.DiscoverySpec;
import io.promethium.discovery.FileDiscoverySpec;
import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the loaded {@code prometheus.yml} into the scrape jobs {@link ScrapeManager#apply} runs:
 * one {@link ScrapeJob} per {@code scrape_configs} entry, with one discovery spec per SD entry.
 * Static groups get Prometheus's source names (the index within {@code static_configs}).
 */
public final class ScrapeConfigTranslator {
  private ScrapeConfigTranslator() {}

  public static List<ScrapeJob> jobs(PrometheusConfig config) {
    List<ScrapeJob> jobs = new ArrayList<>(config.scrapeConfigs().size());
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      jobs.add(job(sc));
    }
    return jobs;
  }

  public static ScrapeJob job(ScrapeConfig sc) {
    ScrapeSettings settings = new ScrapeSettings(sc.jobName(), sc.scrapeInterval(), sc.scrapeTimeout(),
        sc.metricsPath(), sc.scheme(), sc.params(), sc.honorLabels(), sc.honorTimestamps(), sc.sampleLimit(),
        sc.labelLimit(), sc.labelNameLengthLimit(), sc.labelValueLengthLimit(), sc.targetLimit(),
        sc.bodySizeLimit(), http(sc.httpClientConfig()), sc.relabelConfigs(), sc.metricRelabelConfigs());
    List<DiscoverySpec> discovery = new ArrayList<>();
    if (!sc.staticConfigs().isEmpty()) {
      List<TargetGroup> groups = new ArrayList<>();
      for (int i = 0; i < sc.staticConfigs().size(); i++) {
        groups.add(targetGroup(Integer.toString(i), sc.staticConfigs().get(i)));
      }
      discovery.add(new StaticDiscoverySpec(groups));
    }
    for (FileSdConfig f : sc.fileSdConfigs()) {
      discovery.add(new FileDiscoverySpec(f.files(), f.refreshInterval()));
    }
    return new ScrapeJob(settings, discovery);
  }

  static TargetGroup targetGroup(String source, StaticConfig sc) {
    List<Labels> targets = new ArrayList<>(sc.targets().size());
    for (String t : sc.targets()) {
      targets.add(Labels.of("__address__", t));
    }
    LabelsBuilder b = new LabelsBuilder();
    for (Map.Entry<String, String> e : sc.labels().entrySet()) {
      b.set(e.getKey(), e.getValue());
    }
    return new TargetGroup(source, targets, b.build());
  }

  static ScrapeHttpSettings http(HttpClientConfig h) {
    if (h == null) {
      return ScrapeHttpSettings.NONE;
    }
    BasicAuth ba = h.basicAuth() != null ? h.basicAuth() : new BasicAuth("", "", "");
    Authorization az = h.authorization() != null ? h.authorization() : new Authorization(null, "", "");
    TlsConfig tls = h.tlsConfig();
    return new ScrapeHttpSettings(ba.username(), ba.password(), ba.passwordFile(), az.type(), az.credentials(),
        az.credentialsFile(), tls != null && tls.insecureSkipVerify(), tls != null ? tls.caFile() : "",
        tls != null ? tls.certFile() : "", tls != null ? tls.keyFile() : "", tls != null ? tls.serverName() : "",
        h.followRedirects());
  }
}
