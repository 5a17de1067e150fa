package io.promethium.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;

/**
 * Prometheus-style logfmt: {@code ts=2026-11-22T03:40:00.123Z caller=ScrapeLoop level=warn msg="..." err="..."}.
 * Exceptions are reduced to their message chain: expected user errors must not print stack traces.
 * A message that is itself logfmt (starts with {@code msg=}) is written unquoted, so components can
 * add fields.
 */
final class LogfmtLayout extends LayoutBase<ILoggingEvent> {
  @Override
  public String doLayout(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(128);
    sb.append("ts=").append(Instant.ofEpochMilli(e.getTimeStamp()));
    String logger = e.getLoggerName();
    sb.append(" caller=").append(logger.substring(logger.lastIndexOf('.') + 1));
    sb.append(" level=").append(e.getLevel().toString().toLowerCase(java.util.Locale.ROOT));
    String msg = e.getFormattedMessage();
    if (msg.startsWith("msg=")) {
      // Already logfmt (msg="..." key=value ...), as the storage and discovery code log: keep as is.
      sb.append(' ').append(msg);
    } else {
      sb.append(" msg=");
      quote(sb, msg);
    }
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      sb.append(" err=");
      StringBuilder err = new StringBuilder();
      for (IThrowableProxy c = t; c != null; c = c.getCause()) {
        if (err.length() > 0) {
          err.append(": ");
        }
        err.append(c.getMessage() != null ? c.getMessage() : c.getClassName());
      }
      quote(sb, err.toString());
    }
    return sb.append('\n').toString();
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    sb.append('"');
  }
}
