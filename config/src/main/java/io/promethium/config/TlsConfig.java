package io.promethium.config;

/**
 * {@code tls_config}; empty strings mean unset. {@code minVersion}/{@code maxVersion} are
 * {@code TLS10}…{@code TLS13} or empty.
 */
public record TlsConfig(
    String caFile,
    String certFile,
    String keyFile,
    String serverName,
    boolean insecureSkipVerify,
    String minVersion,
    String maxVersion) {

  public static final TlsConfig DEFAULT = new TlsConfig("", "", "", "", false, "", "");

  public TlsConfig(String caFile, String certFile, String keyFile, String serverName,
      boolean insecureSkipVerify, String minVersion) {
    this(caFile, certFile, keyFile, serverName, insecureSkipVerify, minVersion, "");
  }

  public TlsConfig {
    caFile = caFile == null ? "" : caFile;
    certFile = certFile == null ? "" : certFile;
    keyFile = keyFile == null ? "" : keyFile;
    serverName = serverName == null ? "" : serverName;
    minVersion = minVersion == null ? "" : minVersion;
    maxVersion = maxVersion == null ? "" : maxVersion;
  }
}
