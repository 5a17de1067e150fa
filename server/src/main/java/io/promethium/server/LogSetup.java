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
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
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
