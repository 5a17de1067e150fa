package io.promethium.scrape;

import io.promethium.config.BasicAuth;
import io.promethium.config.FileSdConfig;
import io.promethium.config.HttpClientConfig;
import io.promethium.config.KubernetesSdConfig;
import io.promethium.config.PrometheusConfig;
import io.promethium.config.ScrapeConfig;
import io.promethium.config.StaticConfig;
import io.promethium.config.TlsConfig;
import io.promethium.discovery.DiscoverySpec;
import io.promethium.discovery.FileDiscoverySpec;
import io.promethium.discovery.StaticDiscoverySpec;
import io.promethium.discovery.TargetGroup;
import io.promethium.tsdb.Labels;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the scrape manager's jobs from a loaded {@code prometheus.yml}. */
public final class ScrapeJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeJobs.class);

  private ScrapeJobs() {}

  /** Jobs with static and file discovery; kubernetes_sd_configs are skipped (logged) until a provider is given. */
  public static List<ScrapeJob> from(PrometheusConfig config) {
    return from(config, null);
  }

  /**
   * @param kubernetes turns one {@code kubernetes_sd_configs} entry into a discovery spec (the
   *     Kubernetes discovery module plugs in here); null to skip them
   */
  public static List<ScrapeJob> from(PrometheusConfig config, Function<KubernetesSdConfig, DiscoverySpec> kubernetes) {
    List<ScrapeJob> jobs = new ArrayList<>();
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      List<DiscoverySpec> specs = new ArrayList<>();
      if (!sc.staticConfigs().isEmpty()) {
        specs.add(new StaticDiscoverySpec(staticGroups(sc.staticConfigs())));
      }
      for (FileSdConfig f : sc.fileSdConfigs()) {
        specs.add(new FileDiscoverySpec(f.files(), f.refreshInterval()));
      }
      for (KubernetesSdConfig k : sc.kubernetesSdConfigs()) {
        if (kubernetes == null) {
          LOG.warn("msg=\"kubernetes_sd_configs not available; skipped\" scrape_pool={}", sc.jobName());
        } else {
          specs.add(kubernetes.apply(k));
        }
      }
      if (!sc.otherSdConfigs().isEmpty()) {
        LOG.warn("msg=\"unsupported service discovery ignored\" scrape_pool={} kinds={}", sc.jobName(),
            sc.otherSdConfigs().keySet());
      }
      jobs.add(new ScrapeJob(settings(sc), specs));
    }
    return jobs;
  }

  /** Static groups; sources are the index in the job's static_configs, as Prometheus numbers them. */
  static List<TargetGroup> staticGroups(List<StaticConfig> configs) {
    List<TargetGroup> out = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      StaticConfig c = configs.get(i);
      List<Labels> targets = new ArrayList<>();
      for (String t : c.targets()) {
        targets.add(Labels.of("__address__", t));
      }
      out.add(new TargetGroup(Integer.toString(i), targets, Labels.fromMap(c.labels())));
    }
    return out;
  }

  public static ScrapeSettings settings(ScrapeConfig sc) {
    return new ScrapeSettings(sc.jobName(), sc.scrapeInterval(), sc.scrapeTimeout(), sc.metricsPath(), sc.scheme(),
        sc.params(), sc.honorLabels(), sc.honorTimestamps(), sc.sampleLimit(), sc.labelLimit(),
        sc.labelNameLengthLimit(), sc.labelValueLengthLimit(), sc.targetLimit(), sc.bodySizeLimit(),
        http(sc.httpClientConfig()), sc.relabelConfigs(), sc.metricRelabelConfigs());
  }

  static ScrapeHttpSettings http(HttpClientConfig h) {
    BasicAuth b = h.basicAuth();
    io.promethium.config.Authorization a = h.authorization();
    TlsConfig tls = h.tlsConfig();
    return new ScrapeHttpSettings(
        b == null ? "" : b.username(), b == null ? "" : b.password(), b == null ? "" : b.passwordFile(),
        a == null ? "" : a.type(), a == null ? "" : a.credentials(), a == null ? "" : a.credentialsFile(),
        tls.insecureSkipVerify(), tls.caFile(), tls.certFile(), tls.keyFile(), tls.serverName(), h.followRedirects());
  }

  /**
   * Prometheus mixes the hostname and external labels into every target's scrape phase so that
   * HA replicas scrape at different moments; same idea, FNV-1a.
   */
  public static long jitterSeed(PrometheusConfig config) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "";
    }
    StringBuilder sb = new StringBuilder(host);
    for (Map.Entry<String, String> e : config.global().externalLabels().entrySet()) {
      sb.append('\u00ff').append(e.getKey()).append('\u00ff').append(e.getValue());
    }
    long h = 0xcbf29ce484222325L;
    for (byte x : sb.toString().getBytes(StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
