package io.promethium.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the inline HTTP client options of a section and validates them like Prometheus'
 * common {@code HTTPClientConfig.Validate}, folding legacy bearer tokens into authorization.
 */
final class HttpClientConfigParser {

  static final Set<String> KEYS = Set.of(
      "basic_auth", "authorization", "oauth2", "bearer_token", "bearer_token_file", "tls_config",
      "proxy_url", "proxy_connect_header", "follow_redirects", "enable_http2");

  private static final Set<String> EXTRA_KEYS = Set.of("oauth2", "proxy_connect_header");

  static final Set<String> TLS_KEYS = Set.of("ca_file", "cert_file", "key_file", "server_name",
      "insecure_skip_verify", "min_version", "max_version");

  private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");

  private HttpClientConfigParser() {}

  /** Parses and validates; errors carry the line of {@code f}'s mapping. */
  static HttpClientConfig parse(YamlFields f, String baseDir) {
    BasicAuth basic = null;
    YamlFields b = f.mapping("basic_auth", "config.plain",
        Set.of("username", "password", "password_file"));
    if (b != null) {
      basic = new BasicAuth(b.string("username", ""), b.string("password", ""),
          resolve(baseDir, b.string("password_file", "")));
      if (!basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
        throw new ConfigException(b.line(),
            "at most one of basic_auth password & password_file must be configured");
      }
    }
    Authorization auth = null;
    YamlFields a = f.mapping("authorization", "config.plain",
        Set.of("type", "credentials", "credentials_file"));
    String bearer = f.string("bearer_token", "");
    String bearerFile = resolve(baseDir, f.string("bearer_token_file", ""));
    Map<String, Object> oauth2 = null;
    if (f.has("oauth2")) {
      YamlFields o = f.mapping("oauth2", "config.plain", Set.of("client_id", "client_secret",
          "client_secret_file", "scopes", "token_url", "endpoint_params", "tls_config",
          "proxy_url"));
      checkOauth2(o);
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) YamlFields.plain(o.node());
      oauth2 = m;
    }
    int line = f.line();
    if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
      throw new ConfigException(f.line("bearer_token"),
          "at most one of bearer_token & bearer_token_file must be configured");
    }
    if ((basic != null || oauth2 != null) && (!bearer.isEmpty() || !bearerFile.isEmpty())) {
      throw new ConfigException(line,
          "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
    }
    if (a != null) {
      if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
        throw new ConfigException(a.line(),
            "authorization is not compatible with bearer_token & bearer_token_file");
      }
      auth = new Authorization(a.string("type", ""), a.string("credentials", ""),
          resolve(baseDir, a.string("credentials_file", "")));
      if (!auth.credentials().isEmpty() && !auth.credentialsFile().isEmpty()) {
        throw new ConfigException(a.line(),
            "at most one of authorization credentials & credentials_file must be configured");
      }
      if (auth.type().equalsIgnoreCase("basic")) {
        throw new ConfigException(a.line(),
            "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
      }
      if (basic != null || oauth2 != null) {
        throw new ConfigException(line,
            "at most one of basic_auth, oauth2 & authorization must be configured");
      }
    } else if (!bearer.isEmpty()) {
      auth = new Authorization(Authorization.DEFAULT_TYPE, bearer, "");
    } else if (!bearerFile.isEmpty()) {
      auth = new Authorization(Authorization.DEFAULT_TYPE, "", bearerFile);
    }
    if (oauth2 != null && basic != null) {
      throw new ConfigException(line,
          "at most one of basic_auth, oauth2 & authorization must be configured");
    }
    TlsConfig tls = parseTls(f.mapping("tls_config", "config.plain", TLS_KEYS), baseDir);
    String proxyUrl = f.string("proxy_url", "");
    if (!proxyUrl.isEmpty()) {
      UrlCheck.parse(proxyUrl, f.line("proxy_url"));
    }
    if (f.has("proxy_connect_header") && proxyUrl.isEmpty()) {
      throw new ConfigException(f.line("proxy_connect_header"),
          "if proxy_connect_header is configured proxy_url must also be configured");
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    for (String k : EXTRA_KEYS) {
      if (f.has(k)) {
        extra.put(k, YamlFields.plain(f.raw(k)));
      }
    }
    return new HttpClientConfig(basic, auth, tls, proxyUrl, f.bool("follow_redirects", true),
        f.bool("enable_http2", true), extra);
  }

  static TlsConfig parseTls(YamlFields t, String baseDir) {
    if (t == null) {
      return TlsConfig.DEFAULT;
    }
    String minVersion = tlsVersion(t, "min_version");
    String maxVersion = tlsVersion(t, "max_version");
    TlsConfig tls = new TlsConfig(resolve(baseDir, t.string("ca_file", "")),
        resolve(baseDir, t.string("cert_file", "")), resolve(baseDir, t.string("key_file", "")),
        t.string("server_name", ""), t.bool("insecure_skip_verify", false), minVersion, maxVersion);
    if (!tls.certFile().isEmpty() && tls.keyFile().isEmpty()) {
      throw new ConfigException(t.line(), "client cert file " + RelabelValidator.goQuote(tls.certFile())
          + " specified without client key file");
    }
    if (tls.certFile().isEmpty() && !tls.keyFile().isEmpty()) {
      throw new ConfigException(t.line(), "client key file " + RelabelValidator.goQuote(tls.keyFile())
          + " specified without client cert file");
    }
    return tls;
  }

  private static String tlsVersion(YamlFields t, String key) {
    String v = t.string(key, "");
    if (!v.isEmpty() && !TLS_VERSIONS.contains(v)) {
      throw new ConfigException(t.line(key), "unknown TLS version: " + v);
    }
    return v;
  }

  private static void checkOauth2(YamlFields o) {
    if (o.string("client_id", "").isEmpty()) {
      throw new ConfigException(o.line(), "oauth2 client_id must be configured");
    }
    String secret = o.string("client_secret", "");
    String secretFile = o.string("client_secret_file", "");
    if (secret.isEmpty() && secretFile.isEmpty()) {
      throw new ConfigException(o.line(),
          "either oauth2 client_secret or client_secret_file must be configured");
    }
    if (o.string("token_url", "").isEmpty()) {
      throw new ConfigException(o.line(), "oauth2 token_url must be configured");
    }
    if (!secret.isEmpty() && !secretFile.isEmpty()) {
      throw new ConfigException(o.line(),
          "at most one of oauth2 client_secret & client_secret_file must be configured");
    }
    parseTls(o.mapping("tls_config", "config.plain", TLS_KEYS), null);
  }

  /** Prometheus' {@code SetDirectory}: relative file names are taken relative to the config file. */
  static String resolve(String baseDir, String file) {
    if (baseDir == null || file.isEmpty() || Path.of(file).isAbsolute()) {
      return file;
    }
    return Path.of(baseDir).resolve(file).normalize().toString();
  }
}
