package io.promethium.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM/SIGINT stop the server in order and exit 0 (the JVM's default would exit 143 without
 * closing storage first); SIGHUP reloads the config, as in Prometheus.
 */
final class SignalHandlers {
  private static final Logger log = LoggerFactory.getLogger(SignalHandlers.class);

  private SignalHandlers() {}

  static void install(Runnable stop, Runnable reload) {
    handle("TERM", stop);
    handle("INT", stop);
    handle("HUP", () -> {
      log.info("Received SIGHUP, reloading configuration");
      reload.run();
    });
  }

  private static void handle(String name, Runnable action) {
    try {
      Signal.handle(new Signal(name), s -> action.run());
    } catch (IllegalArgumentException e) {
      // Signal not available on this platform or reserved by the JVM (e.g. when run with -Xrs).
      log.warn("Cannot handle SIG{}: {}", name, e.getMessage());
    }
  }
}
