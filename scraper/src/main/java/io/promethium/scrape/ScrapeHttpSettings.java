package io.promethium.scrape;

/**
 * HTTP client options of a job: basic auth or an Authorization header (credentials inline or
 * from a file, re-read on every scrape so rotated tokens work, as in Prometheus), and TLS.
 * Empty strings mean unset.
 */
public record ScrapeHttpSettings(
    String basicAuthUsername,
    String basicAuthPassword,
    String basicAuthPasswordFile,
    String authorizationType,
    String authorizationCredentials,
    String authorizationCredentialsFile,
    boolean tlsInsecureSkipVerify,
    String tlsCaFile,
    String tlsCertFile,
    String tlsKeyFile,
    String tlsServerName,
    boolean followRedirects) {

  public static final ScrapeHttpSettings NONE =
      new ScrapeHttpSettings("", "", "", "", "", "", false, "", "", "", "", true);

  public ScrapeHttpSettings {
    basicAuthUsername = nz(basicAuthUsername);
    basicAuthPassword = nz(basicAuthPassword);
    basicAuthPasswordFile = nz(basicAuthPasswordFile);
    authorizationType = authorizationType == null || authorizationType.isBlank() ? "Bearer" : authorizationType;
    authorizationCredentials = nz(authorizationCredentials);
    authorizationCredentialsFile = nz(authorizationCredentialsFile);
    tlsCaFile = nz(tlsCaFile);
    tlsCertFile = nz(tlsCertFile);
    tlsKeyFile = nz(tlsKeyFile);
    tlsServerName = nz(tlsServerName);
  }

  public static ScrapeHttpSettings basicAuth(String user, String password) {
    return new ScrapeHttpSettings(user, password, "", "", "", "", false, "", "", "", "", true);
  }

  public static ScrapeHttpSettings bearerToken(String token, String tokenFile) {
    return new ScrapeHttpSettings("", "", "", "Bearer", token, tokenFile, false, "", "", "", "", true);
  }

  public boolean hasBasicAuth() {
    return !basicAuthUsername.isEmpty() || !basicAuthPassword.isEmpty() || !basicAuthPasswordFile.isEmpty();
  }

  public boolean hasAuthorization() {
    return !authorizationCredentials.isEmpty() || !authorizationCredentialsFile.isEmpty();
  }

  public boolean hasTls() {
    return tlsInsecureSkipVerify || !tlsCaFile.isEmpty() || !tlsCertFile.isEmpty() || !tlsServerName.isEmpty();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
