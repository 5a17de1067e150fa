package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Logback's first configuration is Prometheus's default, found as a service, and final. */
class LogbackConfiguratorTest {
  @Test
  void firstConfigurationIsLogfmtAtInfoOnStderrAndStopsTheSearch() {
    LoggerContext ctx = new LoggerContext();
    LogbackConfigurator c = new LogbackConfigurator();
    c.setContext(ctx);
    assertThat(c.configure(ctx)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(root.getAppender("stderr")).isNotNull();
    assertThat(ctx.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void isRegisteredAsALogbackService() throws Exception {
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
          .isEqualTo(LogbackConfigurator.class.getName());
    }
  }
}
