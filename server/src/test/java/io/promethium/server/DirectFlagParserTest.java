package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
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

  /**
   * The fast path's table can express only @Option fields: today's ServerCommand has no mixin,
   * argument group, positional parameter or annotated method.
   */
  @Test
  void serverCommandDeclaresOnlyOptionFields() {
    for (Field f : ServerCommand.class.getDeclaredFields()) {
      for (Annotation a : f.getAnnotations()) {
        assertThat(isPicocli(a) && !(a instanceof Option)).as(f.getName()).isFalse();
      }
    }
    for (Method m : ServerCommand.class.getDeclaredMethods()) {
      for (Annotation a : m.getAnnotations()) {
        assertThat(isPicocli(a)).as(m.getName()).isFalse();
      }
    }
  }

  /** The table is the @Option annotations, flag for flag: name, field, kind and default. */
  @Test
  void flagTableIsTheAnnotatedOptions() {
    Map<String, String> annotated = new TreeMap<>();
    for (Field f : ServerCommand.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null) {
        assertThat(o.names()).hasSize(1);
        String def = "__no_default_value__".equals(o.defaultValue()) ? null : o.defaultValue();
        annotated.put(o.names()[0], f.getName() + " " + kindOf(f, o) + " " + def);
      }
    }
    Map<String, String> table = new TreeMap<>();
    for (DirectFlagParser.Flag f : DirectFlagParser.FLAGS) {
      table.put(f.name(), f.field() + " " + f.kind() + " " + f.defaultValue());
    }
    assertThat(table).isEqualTo(annotated);
  }

  /** Each entry's setter writes the field the entry names. */
  @Test
  void flagSettersWriteTheirFields() throws Exception {
    for (DirectFlagParser.Flag f : DirectFlagParser.FLAGS) {
      Object value = switch (f.kind()) {
        case STRING -> "v-" + f.name();
        case INT -> 4711;
        case LONG -> 4711L;
        case SWITCH, BOOLEAN -> !((Boolean) read(new ServerCommand(), f.field()));
        case DURATION -> java.time.Duration.ofSeconds(4711);
        case BYTE_SIZE -> 4711L;
        case COMMA_LIST -> java.util.List.of("a", "b");
      };
      ServerCommand cmd = new ServerCommand();
      f.set().accept(cmd, value);
      assertThat(read(cmd, f.field())).as(f.name()).isEqualTo(value);
    }
  }

  private static Object read(ServerCommand cmd, String field) throws ReflectiveOperationException {
    Field f = ServerCommand.class.getDeclaredField(field);
    f.setAccessible(true);
    return f.get(cmd);
  }

  private static DirectFlagParser.Kind kindOf(Field f, Option o) {
    if (o.converter().length > 0) {
      return o.converter()[0] == DurationConverter.class ? DirectFlagParser.Kind.DURATION
          : o.converter()[0] == ByteSizeConverter.class ? DirectFlagParser.Kind.BYTE_SIZE : null;
    }
    Class<?> t = f.getType();
    if (t == String.class) {
      return DirectFlagParser.Kind.STRING;
    }
    if (t == int.class) {
      return DirectFlagParser.Kind.INT;
    }
    if (t == long.class) {
      return DirectFlagParser.Kind.LONG;
    }
    if (t == boolean.class) {
      return "1".equals(o.arity()) ? DirectFlagParser.Kind.BOOLEAN : DirectFlagParser.Kind.SWITCH;
    }
    return t == java.util.List.class && ",".equals(o.split()) ? DirectFlagParser.Kind.COMMA_LIST : null;
  }

  private static boolean isPicocli(Annotation a) {
    return a.annotationType().getName().startsWith("picocli.");
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
