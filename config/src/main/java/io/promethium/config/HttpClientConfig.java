package io.promethium.config;

import java.util.Map;

/**
 * Prometheus' common HTTP client options. The legacy {@code bearer_token} /
 * {@code bearer_token_file} are folded into {@link #authorization()} (type {@code Bearer}), as
 * Prometheus does after validation.
 *
 * @param extra options we keep but do not use yet ({@code oauth2}, {@code proxy_connect_header})
 *     as plain YAML values
 */
public record HttpClientConfig(
    BasicAuth basicAuth,
    Authorization authorization,
    TlsConfig tlsConfig,
    String proxyUrl,
    boolean followRedirects,
    boolean enableHttp2,
    Map<String, Object> extra) {

  /** Prometheus' {@code DefaultHTTPClientConfig}: follow redirects, HTTP/2 on. */
  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(null, null, TlsConfig.DEFAULT, "", true, true);

  public HttpClientConfig {
    tlsConfig = tlsConfig == null ? TlsConfig.DEFAULT : tlsConfig;
    proxyUrl = proxyUrl == null ? "" : proxyUrl;
    extra = extra == null ? Map.of() : PlainYaml.immutable(extra);
  }

  public HttpClientConfig(
      BasicAuth basicAuth,
      Authorization authorization,
      TlsConfig tlsConfig,
      String proxyUrl,
      boolean followRedirects,
      boolean enableHttp2) {
    this(basicAuth, authorization, tlsConfig, proxyUrl, followRedirects, enableHttp2, Map.of());
  }

  /** Whether anything differs from {@link #DEFAULT} (Kubernetes SD needs this check). */
  public boolean isCustom() {
    return !equals(DEFAULT);
  }
}
