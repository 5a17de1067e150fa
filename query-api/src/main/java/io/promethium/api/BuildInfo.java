package io.promethium.api;

/**
 * {@code /api/v1/status/buildinfo}. {@code version} should be the Prometheus release whose API we
 * implement (e.g. {@code 2.42.0}): Grafana parses it to choose features, and the absence of a
 * {@code features} key makes it treat us as plain Prometheus. {@code promethiumVersion} is added as
 * an extra key when non-null.
 */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate,
    String goVersion, String promethiumVersion) {}
