package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The start-up fast path must read a server command line exactly as picocli does, or decline it. */
class DirectFlagParserTest {
  /** Command lines (split on '|') the fast path takes; picocli must give the same fields. */
  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "--config.file=/etc/p.yml|--storage.tsdb.path=/data|--web.listen-address=127.0.0.1:0",
      "--config.file|/etc/p.yml|--storage.tsdb.path|/data",
      "--web.enable-lifecycle|--web.enable-admin-api|--web.enable-remote-write-receiver",
      "--storage.tsdb.retention.time=30d|--storage.tsdb.retention.size=512MB",
      "--storage.tsdb.retention.time|1h30m|--query.timeout=10s|--query.lookback-delta=1m",
      "--query.max-samples=1000|--query.max-concurrency=-3",
      "--kubernetes.monitors.enabled=false",
      "--kubernetes.monitors.enabled|TRUE",
      "--kubernetes.monitors.namespaces=a,b|--kubernetes.monitors.namespaces=c",
      "--kubernetes.monitors.pod-monitor-selector=team=a,tier!=b|--kubernetes.kubeconfig=/k|--web.cors.origin=.*\\.example\\.com",
      "--log.level=debug|--log.format=json|--web.cors.origin=",
      "--config.file==odd=name.yml",
  })
  void agreesWithPicocli(String line) throws Exception {
    String[] args = line.isEmpty() ? new String[0] : line.split("\\|");
    ServerCommand direct = new ServerCommand();
    assertThat(DirectFlagParser.parse(direct, args)).as("taken by the fast path").isTrue();
    ServerCommand picocli = new ServerCommand();
    new CommandLine(picocli).parseArgs(args);
    assertThat(fields(direct)).isEqualTo(fields(picocli));
  }

  /** Lines the fast path must leave to picocli (help, subcommands, errors, shapes it would guess at). */
  @ParameterizedTest
  @ValueSource(strings = {
      "--help", "-h", "--version", "-V", "check|config|x.yml", "tsdb|import|openmetrics|f|d",
      "--storage.tsdb.pth=x", "--config.file", "--config.file|--web.enable-lifecycle",
      "--config.file=a|--config.file=b", "--web.enable-lifecycle=true", "--kubernetes.monitors.enabled=yes",
      "--kubernetes.monitors.enabled", "--query.max-samples=0x10", "--query.max-concurrency=99999999999",
      "--query.timeout=soon", "--storage.tsdb.retention.size=12XB", "--kubernetes.monitors.namespaces=a,,b",
      "--kubernetes.monitors.namespaces=\"a,b\"", "--config.file=${HOME}/p.yml", "positional",
      "--storage.tsdb.path|-x", "--",
  })
  void declines(String line) {
    assertThat(DirectFlagParser.parse(new ServerCommand(), line.split("\\|"))).isFalse();
  }

  /** The fast path knows only @Option fields; today's ServerCommand has nothing else. */
  @org.junit.jupiter.api.Test
  void serverCommandDeclaresOnlyOptionFields() {
    assertThat(DirectFlagParser.onlyOptionFields()).isTrue();
  }

  private static Map<String, Object> fields(ServerCommand cmd) throws IllegalAccessException {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Field f : ServerCommand.class.getDeclaredFields()) {
      if (f.isAnnotationPresent(Option.class)) {
        f.setAccessible(true);
        m.put(f.getName(), f.get(cmd));
      }
    }
    assertThat(m).hasSizeGreaterThan(15);
    return m;
  }
}
