package io.promethium.server;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads when the config file's content changes. Watches the file's directory, not the file:
 * Kubernetes updates a ConfigMap mount by swapping the {@code ..data} symlink, so the file itself
 * never sees a write event. Changes are found by comparing the content (following symlinks) with
 * the last one seen, so touching the file or unrelated files in the directory does not reload; a
 * config is small, so its bytes are kept rather than a digest (SHA-256's first use loads the
 * security providers, ~30-80 ms on the way to ready). A slow poll backs the watch up for
 * file systems without change events.
 */
final class ConfigFileWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigFileWatcher.class);
  private static final long DEBOUNCE_MS = 300;
  private static final long POLL_MS = 15_000;

  private final Path file;
  private final Runnable onChange;
  private final WatchService watch;
  private final Thread thread;
  private volatile byte[] lastContent;

  ConfigFileWatcher(Path file, Runnable onChange) throws IOException {
    this.file = file.toAbsolutePath();
    this.onChange = onChange;
    this.lastContent = read(this.file);
    this.watch = FileSystems.getDefault().newWatchService();
    this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = Thread.ofPlatform().daemon().name("config-file-watcher").unstarted(this::loop);
  }

  void start() {
    thread.start();
  }

  /** Remembers the current content as loaded, so an explicit reload does not trigger another. */
  void markLoaded() {
    lastContent = read(file);
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watch.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (key != null) {
          // Editors and kubelet write in several steps; let them finish before reading.
          Thread.sleep(DEBOUNCE_MS);
          key.pollEvents();
          key.reset();
          while ((key = watch.poll()) != null) {
            key.pollEvents();
            key.reset();
          }
        }
        byte[] now = read(file);
        if (now != null && !Arrays.equals(now, lastContent)) {
          lastContent = now;
          log.info("Config file changed on disk, reloading filename={}", file);
          try {
            onChange.run();
          } catch (RuntimeException e) {
            // The reloader already logged and counted the failure; keep watching.
            log.debug("reload after file change failed", e);
          }
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      return null; // mid-swap or removed: try again on the next event
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
  }
}
