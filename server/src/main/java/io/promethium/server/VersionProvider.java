package io.promethium.server;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: our version and the Prometheus version we are compatible with. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {BuildInfo.load().versionLine()};
  }
}
