package io.promethium.server;

import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Public entry points for tests in other packages: the real server in-process (same flags as the
 * command line) and the real {@code tsdb import openmetrics} command.
 */
public final class TestServers {
  private TestServers() {}

  /** A started server; {@link #close()} shuts it down in order (HTTP, scraping, storage). */
  public static final class Running implements AutoCloseable {
    private final PromethiumServer server;

    private Running(PromethiumServer server) {
      this.server = server;
    }

    public int port() {
      return server.port();
    }

    public String url() {
      return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
      server.shutdown();
    }
  }

  /** Starts a server with these command-line flags; returns once it is ready. */
  public static Running start(String... flags) throws Exception {
    ServerCommand cmd = new ServerCommand();
    new CommandLine(cmd).parseArgs(flags);
    PromethiumServer server = new PromethiumServer(cmd, BuildInfo.load());
    try {
      server.start();
    } catch (Exception e) {
      server.shutdown();
      throw e;
    }
    return new Running(server);
  }

  /** {@code promethium tsdb import openmetrics <file> <dataDir>}; returns the exit code. */
  public static int importOpenMetrics(Path file, Path dataDir) {
    return new CommandLine(new ServerCommand()).execute("tsdb", "import", "openmetrics", file.toString(),
        dataDir.toString());
  }
}
