package io.promethium.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when it first starts: Prometheus's defaults (logfmt, info, stderr).
 * Found through {@code META-INF/services}, it stops logback from looking for {@code logback.xml}
 * in every jar and from building its own default console pattern (time zone data, regular
 * expressions), which cost ~50-70 ms before a server could start opening its store; the flags
 * then adjust the level and format ({@link LogSetup}).
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    LogSetup.configure(context, "info", "logfmt");
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
