package io.promethium.server;

import io.promethium.config.ByteSize;
import io.promethium.config.PrometheusDuration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Fills a {@link ServerCommand} from a plain server command line without picocli. picocli is
 * compiled for Java 5, a class format the JVM's class-data sharing and AOT cache cannot hold, so
 * its classes are loaded and verified from the jar on every start, and its model of all commands
 * is built by reflection: 0.4-1 s of a 2-3 s start. Even reading its {@code @Option} annotations
 * cost 40-130 ms before the store could start opening (the annotation type comes from the jar,
 * a proxy class is generated for it), so the server's flags are listed here once more, with their
 * defaults; {@code DirectFlagParserTest} holds this table to the annotations and to picocli's
 * results. Only the unambiguous shapes are taken ({@code --name=value}, {@code --name value},
 * {@code --switch}); anything else (help, version, subcommands, unknown or repeated flags, values
 * it would have to second-guess) is left to picocli, which then parses the whole line and reports
 * errors in its words. A flag missing from the table is therefore only slower, never misread.
 */
final class DirectFlagParser {
  /** How a flag's value is read, mirroring the picocli option's field type and converter. */
  enum Kind { STRING, INT, LONG, SWITCH, BOOLEAN, DURATION, BYTE_SIZE, COMMA_LIST }

  /** One flag: its name, field, kind and default ({@code null}: none). */
  record Flag(String name, String field, Kind kind, String defaultValue, BiConsumer<ServerCommand, Object> set) {}

  @SuppressWarnings("unchecked")
  static final Flag[] FLAGS = {
    new Flag("--config.file", "configFile", Kind.STRING, "config/prometheus.yml", (c, v) -> c.configFile = (String) v),
    new Flag("--storage.tsdb.path", "storagePath", Kind.STRING, "data/", (c, v) -> c.storagePath = (String) v),
    new Flag("--storage.tsdb.retention.time", "retentionTime", Kind.DURATION, "15d",
        (c, v) -> c.retentionTime = (java.time.Duration) v),
    new Flag("--storage.tsdb.retention.size", "retentionSize", Kind.BYTE_SIZE, "0B", (c, v) -> c.retentionSize = (Long) v),
    new Flag("--web.listen-address", "listenAddress", Kind.STRING, "0.0.0.0:9090", (c, v) -> c.listenAddress = (String) v),
    new Flag("--web.enable-lifecycle", "enableLifecycle", Kind.SWITCH, null, (c, v) -> c.enableLifecycle = (Boolean) v),
    new Flag("--web.enable-admin-api", "enableAdminApi", Kind.SWITCH, null, (c, v) -> c.enableAdminApi = (Boolean) v),
    new Flag("--web.enable-remote-write-receiver", "enableRemoteWriteReceiver", Kind.SWITCH, null,
        (c, v) -> c.enableRemoteWriteReceiver = (Boolean) v),
    new Flag("--web.cors.origin", "corsOrigin", Kind.STRING, ".*", (c, v) -> c.corsOrigin = (String) v),
    new Flag("--query.timeout", "queryTimeout", Kind.DURATION, "2m", (c, v) -> c.queryTimeout = (java.time.Duration) v),
    new Flag("--query.max-samples", "queryMaxSamples", Kind.LONG, "50000000", (c, v) -> c.queryMaxSamples = (Long) v),
    new Flag("--query.lookback-delta", "lookbackDelta", Kind.DURATION, "5m",
        (c, v) -> c.lookbackDelta = (java.time.Duration) v),
    new Flag("--query.max-concurrency", "queryMaxConcurrency", Kind.INT, "20", (c, v) -> c.queryMaxConcurrency = (Integer) v),
    new Flag("--kubernetes.monitors.enabled", "monitorsEnabled", Kind.BOOLEAN, "true", (c, v) -> c.monitorsEnabled = (Boolean) v),
    new Flag("--kubernetes.monitors.namespaces", "monitorNamespaces", Kind.COMMA_LIST, null,
        (c, v) -> c.monitorNamespaces = (List<String>) v),
    new Flag("--kubernetes.monitors.pod-monitor-selector", "podMonitorSelector", Kind.STRING, "",
        (c, v) -> c.podMonitorSelector = (String) v),
    new Flag("--kubernetes.monitors.service-monitor-selector", "serviceMonitorSelector", Kind.STRING, "",
        (c, v) -> c.serviceMonitorSelector = (String) v),
    new Flag("--kubernetes.kubeconfig", "kubeconfig", Kind.STRING, "", (c, v) -> c.kubeconfig = (String) v),
    new Flag("--log.level", "logLevel", Kind.STRING, "info", (c, v) -> c.logLevel = (String) v),
    new Flag("--log.format", "logFormat", Kind.STRING, "logfmt", (c, v) -> c.logFormat = (String) v),
  };

  private DirectFlagParser() {}

  /**
   * Parses {@code args} into {@code cmd}.
   *
   * @return false if the line is not one this parser takes; {@code cmd} is then in an unspecified
   *     state and must be parsed by picocli instead
   */
  static boolean parse(ServerCommand cmd, String[] args) {
    Map<String, Flag> byName = new HashMap<>();
    for (Flag f : FLAGS) {
      byName.put(f.name(), f);
    }
    Set<Flag> given = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      Flag f = name.startsWith("--") ? byName.get(name) : null;
      if (f == null) {
        return false;
      }
      String value;
      if (f.kind() == Kind.SWITCH) {
        if (eq >= 0) {
          return false;
        }
        value = "true";
      } else if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
        value = args[++i];
      } else {
        return false;
      }
      boolean repeated = !given.add(f);
      if (repeated && f.kind() != Kind.COMMA_LIST) {
        return false; // picocli reports a repeated single-valued flag
      }
      if (!assign(cmd, f, value, repeated)) {
        return false;
      }
    }
    for (Flag f : FLAGS) {
      if (!given.contains(f) && f.defaultValue() != null && !assign(cmd, f, f.defaultValue(), false)) {
        return false;
      }
    }
    return true;
  }

  private static boolean assign(ServerCommand cmd, Flag f, String value, boolean append) {
    if (value.contains("${")) {
      return false; // picocli interpolates variables
    }
    Object v;
    switch (f.kind()) {
      case STRING -> v = value;
      case INT, LONG -> {
        if (!plainInteger(value)) {
          return false;
        }
        long n = Long.parseLong(value);
        if (f.kind() == Kind.INT && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) {
          return false;
        }
        v = f.kind() == Kind.INT ? (Object) (int) n : (Object) n;
      }
      case SWITCH, BOOLEAN -> {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          return false;
        }
        v = Boolean.parseBoolean(value);
      }
      case DURATION, BYTE_SIZE -> {
        try {
          v = f.kind() == Kind.DURATION ? PrometheusDuration.parse(value) : (Object) ByteSize.parse(value);
        } catch (RuntimeException e) {
          return false; // picocli words the error
        }
      }
      case COMMA_LIST -> {
        if (value.isEmpty() || value.startsWith(",") || value.endsWith(",") || value.contains(",,")
            || value.indexOf('"') >= 0) {
          return false; // empty items and quoting: picocli's rules
        }
        List<String> items = new ArrayList<>(append ? cmd.monitorNamespaces : List.of());
        items.addAll(List.of(value.split(",")));
        v = items;
      }
      default -> {
        return false;
      }
    }
    f.set().accept(cmd, v);
    return true;
  }

  /** What picocli takes as a plain decimal integer here: an optional minus and 1-18 digits. */
  private static boolean plainInteger(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    int digits = s.length() - start;
    if (digits < 1 || digits > 18) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
