package io.promethium.config;

/** {@code basic_auth}: password and password_file are mutually exclusive; empty means unset. */
public record BasicAuth(String username, String password, String passwordFile) {
  public BasicAuth {
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    passwordFile = passwordFile == null ? "" : passwordFile;
  }
}
