package io.promethium.server;

import picocli.CommandLine;

/** Entry point of the {@code promethium} binary: the server, or a promtool-like subcommand. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServerCommand()).execute(args));
  }
}
