package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogfmtLayoutTest {
  private final LoggerContext ctx = new LoggerContext();

  String render(Level level, String msg, Throwable t) {
    LoggingEvent e = new LoggingEvent("x", ctx.getLogger("io.promethium.scrape.ScrapeLoop"), level, msg, t, null);
    e.setTimeStamp(0);
    return new LogfmtLayout().doLayout(e);
  }

  @Test
  void plainMessagesAreQuotedAndEscaped() {
    assertThat(render(Level.WARN, "target \"a\" down\nnext", null))
        .isEqualTo("ts=1970-01-01T00:00:00Z caller=ScrapeLoop level=warn msg=\"target \\\"a\\\" down\\nnext\"\n");
  }

  @Test
  void logfmtMessagesKeepTheirFields() {
    assertThat(render(Level.INFO, "msg=\"TSDB started\" series=3", null))
        .isEqualTo("ts=1970-01-01T00:00:00Z caller=ScrapeLoop level=info msg=\"TSDB started\" series=3\n");
  }

  @Test
  void exceptionsBecomeTheirMessageChainNotAStackTrace() {
    String line = render(Level.ERROR, "reload failed", new IllegalStateException("outer", new RuntimeException("inner")));
    assertThat(line).endsWith("msg=\"reload failed\" err=\"outer: inner\"\n").doesNotContain("\tat ");
  }
}
