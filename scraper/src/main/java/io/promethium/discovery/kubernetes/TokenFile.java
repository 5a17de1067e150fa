package io.promethium.discovery.kubernetes;

import io.fabric8.kubernetes.client.OAuthTokenProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A bearer token read from a file and re-read whenever the file changes, so rotated
 * service-account tokens (projected volumes renew them hourly) and credentials_file updates take
 * effect without a restart, as client-go and Prometheus do.
 */
public final class TokenFile implements OAuthTokenProvider {
  private final Path path;
  private FileTime stamp;
  private String token;

  public TokenFile(Path path) {
    this.path = path;
  }

  @Override
  public synchronized String getToken() {
    try {
      FileTime now = Files.getLastModifiedTime(path);
      if (token == null || !now.equals(stamp)) {
        token = Files.readString(path, StandardCharsets.UTF_8).strip();
        stamp = now;
      }
      return token;
    } catch (IOException e) {
      if (token != null) {
        return token; // keep the last good token while the kubelet swaps the file
      }
      throw new UncheckedIOException("unable to read authorization credentials file " + path, e);
    }
  }
}
