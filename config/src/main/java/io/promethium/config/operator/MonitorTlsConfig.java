package io.promethium.config.operator;

/** An endpoint's {@code tlsConfig}: assets from Secrets/ConfigMaps or (ServiceMonitor only) files. */
public record MonitorTlsConfig(
    SecretOrConfigMap ca,
    SecretOrConfigMap cert,
    KeySelector keySecret,
    String caFile,
    String certFile,
    String keyFile,
    String serverName,
    boolean insecureSkipVerify,
    String minVersion,
    String maxVersion) {

  static MonitorTlsConfig from(CrdFields f) {
    return new MonitorTlsConfig(f.secretOrConfigMap("ca"), f.secretOrConfigMap("cert"),
        f.keySelector("keySecret"), f.string("caFile", ""), f.string("certFile", ""),
        f.string("keyFile", ""), f.string("serverName", ""), f.bool("insecureSkipVerify", false),
        f.string("minVersion", ""), f.string("maxVersion", ""));
  }
}
