package io.promethium.config;

/** {@code authorization}: header type (default {@code Bearer}) with credentials or a credentials file. */
public record Authorization(String type, String credentials, String credentialsFile) {
  public static final String DEFAULT_TYPE = "Bearer";

  public Authorization {
    type = type == null || type.isBlank() ? DEFAULT_TYPE : type.strip();
    credentials = credentials == null ? "" : credentials;
    credentialsFile = credentialsFile == null ? "" : credentialsFile;
  }
}
