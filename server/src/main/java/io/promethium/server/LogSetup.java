package io.promethium.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * Configures logback from {@code --log.level} and {@code --log.format}. Prometheus logs logfmt
 * ({@code ts=... caller=... level=info msg="..."}) to stderr by default, or JSON; we do the same.
 */
final class LogSetup {
  private LogSetup() {}

  static void apply(String level, String format) {
    configure(loggerContext(), level, format);
  }

  /**
   * Logback's context. The store may start opening (and logging) on another thread before this
   * runs; while that thread initialises SLF4J, SLF4J hands out a stand-in factory (and replays what
   * was logged through it afterwards), so wait for the real one.
   */
  private static LoggerContext loggerContext() {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
        return ctx;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("SLF4J did not bind to logback within 30 s: "
            + LoggerFactory.getILoggerFactory().getClass().getName());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while SLF4J was starting", e);
      }
    }
  }

  /** Replaces {@code ctx}'s configuration (also the first one: {@link LogbackConfigurator}). */
  static void configure(LoggerContext ctx, String level, String format) {
    ctx.reset();
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(format)) {
      JsonEncoder json = new JsonEncoder();
      json.setWithSequenceNumber(false);
      json.setWithContext(false);
      json.setWithArguments(false);
      encoder = json;
    } else {
      LayoutWrappingEncoder<ILoggingEvent> logfmt = new LayoutWrappingEncoder<>();
      LogfmtLayout layout = new LogfmtLayout();
      layout.setContext(ctx);
      layout.start();
      logfmt.setLayout(layout);
      encoder = logfmt;
    }
    encoder.setContext(ctx);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(ctx);
    appender.setName("stderr");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
    root.setLevel(Level.toLevel(level, Level.INFO));
    // Third-party chatter that is noise at info level for an operator.
    ctx.getLogger("io.netty").setLevel(Level.WARN);
    ctx.getLogger("org.rocksdb").setLevel(Level.WARN);
    ctx.getLogger("io.fabric8").setLevel(Level.WARN);
  }
}
