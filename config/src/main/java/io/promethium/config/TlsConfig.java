package io.promethium.config;

/** {@code tls_config}; empty strings mean unset. {@code minVersion} is e.g. {@code TLS12} or empty. */
public record TlsConfig(
    String caFile,
    String certFile,
    String keyFile,
    String serverName,
    boolean insecureSkipVerify,
    String minVersion) {

  public static final TlsConfig DEFAULT = new TlsConfig("", "", "", "", false, "");

  public TlsConfig {
    caFile = caFile == null ? "" : caFile;
    certFile = certFile == null ? "" : certFile;
    keyFile = keyFile == null ? "" : keyFile;
    serverName = serverName == null ? "" : serverName;
    minVersion = minVersion == null ? "" : minVersion;
  }
}
