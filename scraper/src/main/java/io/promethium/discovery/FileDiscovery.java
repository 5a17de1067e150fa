package io.promethium.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file_sd_configs}: target groups from YAML/JSON files matched by glob patterns (globs in
 * the file name only, like Prometheus). Files are re-read when their size or modification time
 * changes (polled every {@code watchPeriod}, a portable stand-in for Prometheus's fsnotify) and
 * at every refresh interval. A file that cannot be read keeps its previous groups; a file that
 * disappears (or shrinks) has its groups removed with empty groups, as Prometheus does.
 */
public final class FileDiscovery implements DiscoveryProvider {
  private static final Logger LOG = LoggerFactory.getLogger(FileDiscovery.class);

  private final List<String> patterns;
  private final Duration refreshInterval;
  private final Duration watchPeriod;
  private final ScheduledExecutorService executor;
  private final Map<String, Integer> lastGroupCount = new HashMap<>();
  private final Map<String, String> lastStamp = new HashMap<>();
  private long lastFullRefresh;
  private volatile boolean closed;
  private Consumer<List<TargetGroup>> listener;
  private long readErrors;
  private boolean announced; // the first refresh always reports, so consumers know discovery ran

  public FileDiscovery(List<String> patterns, Duration refreshInterval) {
    this(patterns, refreshInterval, Duration.ofSeconds(1));
  }

  public FileDiscovery(List<String> patterns, Duration refreshInterval, Duration watchPeriod) {
    this.patterns = List.copyOf(patterns);
    this.refreshInterval = refreshInterval;
    this.watchPeriod = watchPeriod;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "file-sd");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start(Consumer<List<TargetGroup>> listener) {
    this.listener = listener;
    executor.execute(() -> refresh(true));
    long period = Math.max(10, watchPeriod.toMillis());
    executor.scheduleWithFixedDelay(() -> refresh(false), period, period, TimeUnit.MILLISECONDS);
  }

  /** Number of files that failed to read or parse ({@code prometheus_sd_file_read_errors_total}). */
  public synchronized long readErrors() {
    return readErrors;
  }

  private synchronized void refresh(boolean force) {
    if (closed) {
      return;
    }
    try {
      long now = System.nanoTime();
      boolean full = force || now - lastFullRefresh >= refreshInterval.toNanos();
      Map<String, String> stamps = new TreeMap<>();
      for (String pattern : patterns) {
        for (Path p : glob(pattern)) {
          stamps.put(p.toString(), stamp(p));
        }
      }
      if (!full && stamps.equals(lastStamp)) {
        return;
      }
      if (full) {
        lastFullRefresh = now;
      }
      List<TargetGroup> update = new ArrayList<>();
      Map<String, Integer> counts = new HashMap<>();
      for (String file : stamps.keySet()) {
        try {
          String content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
          List<TargetGroup> groups = TargetGroupFileParser.parse(file, content);
          update.addAll(groups);
          counts.put(file, groups.size());
        } catch (IOException | RuntimeException e) {
          readErrors++;
          LOG.error("msg=\"Error reading file\" path={} err=\"{}\"", file, e.getMessage());
          counts.put(file, lastGroupCount.getOrDefault(file, 0)); // keep what we had
        }
      }
      for (Map.Entry<String, Integer> e : lastGroupCount.entrySet()) {
        int now2 = counts.getOrDefault(e.getKey(), 0);
        for (int i = now2; i < e.getValue(); i++) {
          update.add(TargetGroup.empty(e.getKey() + ":" + i));
        }
      }
      lastGroupCount.clear();
      lastGroupCount.putAll(counts);
      lastStamp.clear();
      lastStamp.putAll(stamps);
      if ((!update.isEmpty() || !announced) && !closed) {
        announced = true;
        listener.accept(update);
      }
    } catch (RuntimeException e) {
      LOG.error("msg=\"file discovery refresh failed\" err=\"{}\"", e.toString());
    }
  }

  private static String stamp(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
    } catch (IOException e) {
      return "unreadable";
    }
  }

  static List<Path> glob(String pattern) {
    Path full = Paths.get(pattern);
    Path dir = full.getParent() == null ? Paths.get(".") : full.getParent();
    String name = full.getFileName().toString();
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (m.matches(p.getFileName()) && Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      LOG.error("msg=\"Error expanding glob\" glob={} err=\"{}\"", pattern, e.getMessage());
    }
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}
