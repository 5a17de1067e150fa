package io.promethium.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Version facts for {@code --version}, {@code prometheus_build_info} and {@code /api/v1/status/buildinfo}.
 * Grafana parses the version to pick features, so we report the Prometheus version whose API we
 * implement and keep our own version beside it.
 */
record BuildInfo(String version, String promethiumVersion, String revision, String branch, String buildUser,
    String buildDate, String javaVersion) {

  /** The Prometheus release whose HTTP API and PromQL semantics we implement. */
  static final String COMPATIBLE_PROMETHEUS_VERSION = "2.42.0";

  static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/promethium-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read build properties", e);
    }
    String own = p.getProperty("version", "unknown");
    return new BuildInfo(COMPATIBLE_PROMETHEUS_VERSION, own, p.getProperty("revision", "unknown"),
        p.getProperty("branch", "main"), "promethium", p.getProperty("date", ""),
        "java" + Runtime.version().feature());
  }

  io.promethium.api.BuildInfo toApi() {
    return new io.promethium.api.BuildInfo(version, revision, branch, buildUser, buildDate, javaVersion,
        promethiumVersion);
  }

  String versionLine() {
    return "promethium, version " + promethiumVersion + " (prometheus-compatible " + version + ", java "
        + Runtime.version() + ")";
  }
}
