package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {
  private static final String NETTY_JFR = "io.netty.jfr.enabled";
  private final String before = System.getProperty(NETTY_JFR);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(NETTY_JFR);
    } else {
      System.setProperty(NETTY_JFR, before);
    }
  }

  @Test
  void nettyFlightRecorderEventsAreOffUnlessAskedFor() {
    System.clearProperty(NETTY_JFR);
    Main.withoutNettyFlightRecorderEvents();
    assertThat(System.getProperty(NETTY_JFR)).isEqualTo("false");
    System.setProperty(NETTY_JFR, "true"); // -Dio.netty.jfr.enabled=true on the command line
    Main.withoutNettyFlightRecorderEvents();
    assertThat(System.getProperty(NETTY_JFR)).isEqualTo("true");
  }

  @Test
  void onlyServerCommandLinesStartTheServer() {
    assertThat(Main.startsServer(new String[] {"--config.file=x.yml"})).isTrue();
    assertThat(Main.startsServer(new String[] {})).isTrue();
    assertThat(Main.startsServer(new String[] {"--version"})).isFalse();
    assertThat(Main.startsServer(new String[] {"tsdb", "import"})).isFalse();
  }
}
