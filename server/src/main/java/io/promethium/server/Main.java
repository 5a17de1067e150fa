package io.promethium.server;

import java.util.Set;
import org.rocksdb.RocksDB;
import picocli.CommandLine;

/** Entry point of the {@code promethium} binary: the server, or a promtool-like subcommand. */
public final class Main {
  /** Arguments after which no server starts, so the store's native library is not needed. */
  private static final Set<String> NO_SERVER = Set.of("check", "tsdb", "help", "-h", "--help", "-V", "--version");

  private Main() {}

  public static void main(String[] args) {
    withoutNettyFlightRecorderEvents();
    if (startsServer(args)) {
      preloadStoreLibrary();
      ServerCommand server = new ServerCommand();
      if (DirectFlagParser.parse(server, args)) {
        System.exit(run(server));
      }
    }
    System.exit(new CommandLine(new ServerCommand()).execute(args));
  }

  /** What picocli's {@code execute} does with a parsed command: its exit code, or 1 and the trace. */
  private static int run(ServerCommand server) {
    try {
      return server.call();
    } catch (Exception e) {
      e.printStackTrace();
      return 1;
    }
  }

  /**
   * Netty 4.2 registers its allocator's Flight Recorder events when the JVM has JFR, which loads
   * JFR's metadata and builds ~20 annotation proxies: 0.1-0.2 s of CPU (with their compilation) in
   * every start, for events nothing here records. Must run before any Netty class initialises; an
   * explicit {@code -Dio.netty.jfr.enabled} wins.
   */
  static void withoutNettyFlightRecorderEvents() {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
  }

  static boolean startsServer(String[] args) {
    for (String a : args) {
      if (NO_SERVER.contains(a)) {
        return false;
      }
    }
    return true;
  }

  /**
   * RocksDB's JNI library (17 MB, unpacked from its jar to a temporary file and linked) takes
   * 0.2-0.4 s; loading it while picocli parses the flags and logging starts takes it off the path
   * to ready. The store's open waits for this load (class initialisation is exclusive) and
   * reports a failure itself, with the data path, so one here is left to it.
   */
  private static void preloadStoreLibrary() {
    Thread t = new Thread(() -> {
      try {
        RocksDB.loadLibrary();
      } catch (RuntimeException | LinkageError e) {
        // reported by Tsdb.open, which loads the library again (see above)
      }
    }, "store-library-preload");
    t.setDaemon(true);
    t.start();
  }
}
