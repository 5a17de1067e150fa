package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Disk full: appends fail with a clear error, queries keep working, nothing already stored is
 * lost." Two real faults:
 *
 * <ul>
 *   <li>a tiny tmpfs (real ENOSPC; needs root with CAP_SYS_ADMIN to mount, skipped otherwise)
 *       filled up by a filler file, freed again to check that appends resume;
 *   <li>a child JVM started with a file-size limit ({@code prlimit --fsize}; HotSpot ignores
 *       SIGXFSZ, so RocksDB's WAL write fails with EFBIG), always runnable on Linux.
 * </ul>
 *
 * Each checks the refused append's message, queries during the fault, every committed sample
 * (bit-exact) and no sample of a refused commit after a restart, and appends after the fault.
 */
class DiskFullTest {
  static final int SERIES = 100;

  @TempDir Path tmp;
  private Path mount;

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
    }
  }

  @Test
  void fullTmpfsRefusesAppendsKeepsDataAndRecoversWhenSpaceIsFreed() throws Exception {
    mountTmpfs("8m");
    Path data = mount.resolve("data");
    TsdbOptions opts = TsdbOptions.of(data).withCheckpointInterval(0).withBlockDuration(60_000);
    Map<Integer, List<long[]>> committed = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(5);
    Tsdb db = Tsdb.open(opts);
    try {
      long t = 0;
      // Some history first: chunks on disk (cut at 120 samples and at partition ends), head snapshots.
      for (; t < 150_000; t += 1000) {
        commitRound(db, t, rnd, committed);
      }
      db.checkpoint();
      Path filler = fillLeaving(mount, 256 << 10);

      String refusal = null;
      for (; refusal == null; t += 1000) {
        try {
          commitRound(db, t, rnd, committed);
        } catch (StorageException e) {
          refusal = e.getMessage();
        }
      }
      assertThat(refusal).startsWith("write ").contains("no space left on device").contains(data.toString());
      long refusedT = t - 1000;
      // Still full: refused again with the same reason; nothing of those appends becomes visible.
      for (int i = 0; i < 3; i++, t += 1000) {
        long at = t;
        assertThatThrownBy(() -> commitRound(db, at, rnd, new HashMap<>()))
            .isInstanceOf(StorageException.class).hasMessageContaining("no space left on device");
      }
      assertThatThrownBy(db::checkpoint).isInstanceOf(StorageException.class)
          .hasMessageContaining("no space left on device");
      // Queries keep answering, with exactly what was committed.
      assertStored(db, committed);

      Files.delete(filler);
      long resumeAt = t;
      // Appends resume (the store reopens RocksDB, at most once a second while space is short).
      awaitCommit(db, resumeAt, rnd, committed);
      assertStored(db, committed);
      db.checkpoint();
      assertThat(refusedT).isLessThan(resumeAt);
    } finally {
      db.close();
    }
    try (Tsdb reopened = Tsdb.open(opts)) {
      assertStored(reopened, committed);
    }
  }

  @Test
  void closingWhileFullLosesNothingCommitted() throws Exception {
    mountTmpfs("8m");
    Path data = mount.resolve("data");
    TsdbOptions opts = TsdbOptions.of(data).withCheckpointInterval(0);
    Map<Integer, List<long[]>> committed = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(6);
    Tsdb db = Tsdb.open(opts);
    long t = 0;
    for (; t < 30_000; t += 1000) {
      commitRound(db, t, rnd, committed);
    }
    Path filler = fillLeaving(mount, 128 << 10);
    boolean refused = false;
    for (; !refused; t += 1000) {
      try {
        commitRound(db, t, rnd, committed);
      } catch (StorageException e) {
        refused = true;
      }
    }
    assertStored(db, committed);
    // The closing checkpoint cannot write: close reports it and still releases the directory.
    assertThatThrownBy(db::close).isInstanceOf(StorageException.class).hasMessageContaining("no space left on device");
    Files.delete(filler);
    try (Tsdb reopened = Tsdb.open(opts)) {
      assertStored(reopened, committed);
      commitRound(reopened, t, rnd, committed);
      assertStored(reopened, committed);
    }
  }

  /**
   * The disk fills between a commit's log write and the write of the chunks it cut (the hook fills
   * the file system at that moment): the commit stands (durable in the log, visible), its cut
   * chunks stay in memory and pending, the next append is refused, a checkpoint neither truncates
   * the log nor replaces those series' head snapshots. Once space is back the chunks are written;
   * after a restart every committed sample is there.
   */
  @Test
  void chunksCutWhenTheDiskFillsAreKeptUntilWritten() throws Exception {
    for (boolean freeBeforeClose : new boolean[] {true, false}) {
      mountTmpfs("8m");
      Path data = mount.resolve("data");
      TsdbOptions opts = TsdbOptions.of(data).withCheckpointInterval(0);
      Map<Integer, List<long[]>> committed = new HashMap<>();
      SplittableRandom rnd = new SplittableRandom(7);
      Tsdb db = Tsdb.open(opts);
      long t = 0;
      for (; t < 120_000; t += 1000) { // 120 samples: the next one cuts every series' chunk
        commitRound(db, t, rnd, committed);
      }
      db.checkpoint();
      Path[] filler = new Path[1];
      db.chunkWriteHook = () -> {
        db.chunkWriteHook = null;
        try {
          filler[0] = fillLeaving(mount, 0);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      };
      commitRound(db, t, rnd, committed); // cuts 100 chunks; their write fails, the commit stands
      assertThat(filler[0]).isNotNull();
      assertStored(db, committed);
      long refusedAt = t + 1000;
      assertThatThrownBy(() -> commitRound(db, refusedAt, rnd, new HashMap<>()))
          .isInstanceOf(StorageException.class).hasMessageContaining("write chunks").hasMessageContaining("no space left on device");
      assertThatThrownBy(db::checkpoint).isInstanceOf(StorageException.class);
      assertStored(db, committed);
      if (freeBeforeClose) {
        Files.delete(filler[0]);
        awaitCommit(db, refusedAt + 1000, rnd, committed);
        db.checkpoint(); // the pending chunks are on disk now, the log may go
        db.close();
      } else {
        assertThatThrownBy(db::close).isInstanceOf(StorageException.class);
        Files.delete(filler[0]);
      }
      try (Tsdb reopened = Tsdb.open(opts)) {
        assertStored(reopened, committed);
      }
      unmount();
      mount = null;
      Files.delete(tmp.resolve("tmpfs"));
    }
  }

  /**
   * The child ingests under a 1 MiB file-size limit until the WAL write fails, checks its queries,
   * then appends again (the reopened store starts a new WAL file) and is killed; the parent
   * checks every sample the child reported committed, and none of the refused commit.
   */
  @Test
  void fileSizeLimitInChildJvm() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    if (onPath("prlimit")) {
      cmd.addAll(List.of("prlimit", "--fsize=" + (1 << 20), "--"));
    } else {
      assumeTrue(onPath("bash"), "neither prlimit nor bash (ulimit -f) is available to limit file sizes");
      cmd.addAll(List.of("bash", "-c", "ulimit -f 1024 && exec \"$@\"", "limit"));
    }
    Path data = tmp.resolve("data");
    // RocksJava would extract its 17 MB native library to /tmp, over the limit: hand it over.
    Path lib = Files.createDirectory(tmp.resolve("lib"));
    String libName = org.rocksdb.util.Environment.getJniLibraryFileName("rocksdb");
    try (var in = org.rocksdb.RocksDB.class.getResourceAsStream("/" + libName)) {
      assumeTrue(in != null, "no bundled RocksDB library " + libName + " for this platform");
      Files.copy(in, lib.resolve(libName));
    }
    cmd.addAll(List.of(java, "-Xmx128m", "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED",
        "-Djava.library.path=" + lib,
        "-cp", System.getProperty("java.class.path"), DiskFullIngester.class.getName(), data.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<Long> committed = new ArrayList<>();
    Map<String, String> events = new HashMap<>();
    StringBuilder other = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("committed ")) {
          committed.add(Long.parseLong(line.substring(10)));
        } else if (line.contains(" ") && Character.isLowerCase(line.charAt(0)) && line.indexOf(' ') < 12) {
          events.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
          if (line.startsWith("queried ")) {
            events.put("committedBeforeQuery", Integer.toString(committed.size()));
          }
        } else {
          other.append(line).append('\n');
        }
        if (line.startsWith("done")) {
          break;
        }
      }
    } finally {
      p.destroyForcibly(); // like a kill -9 after the fault: no close
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(events).as("child output: %s", other).containsKeys("refused", "queried", "resumed", "done");
    assertThat(events.get("refused")).startsWith("write to WAL: log samples: write " + data)
        .contains("file too large");
    // During the fault, a query returns every committed sample.
    assertThat(Long.parseLong(events.get("queried")))
        .isEqualTo(Long.parseLong(events.get("committedBeforeQuery")) * DiskFullIngester.SERIES);
    assertThat(committed).last().isEqualTo(Long.parseLong(events.get("resumed")));
    long refusedT = Long.parseLong(events.get("refusedAt"));
    try (Tsdb db = Tsdb.open(TsdbOptions.of(data).withCheckpointInterval(0))) {
      for (int s = 0; s < DiskFullIngester.SERIES; s++) {
        Map<Long, Long> stored = new HashMap<>();
        for (long[] sample : TsdbTestSupport.read(db, Long.MIN_VALUE, Long.MAX_VALUE, false,
            Matcher.equal("series", Integer.toString(s))).get(DiskFullIngester.labels(s))) {
          stored.put(sample[0], sample[1]);
        }
        for (long t : committed) {
          assertThat(stored.get(t)).as("series %d at %d", s, t).isEqualTo(Double.doubleToRawLongBits(DiskFullIngester.value(s, t)));
        }
        assertThat(stored).as("series %d", s).doesNotContainKey(refusedT).hasSize(committed.size());
      }
      // Room again (no limit here): appends work.
      Appender app = db.appender();
      app.append(0, DiskFullIngester.labels(0), refusedT + 1_000_000, 1);
      app.commit();
    }
  }

  /** Appends one sample to each test series at {@code t}, recording them once the commit returned. */
  private static void commitRound(Storage db, long t, SplittableRandom rnd, Map<Integer, List<long[]>> committed) {
    Appender app = db.appender();
    double[] v = new double[SERIES];
    for (int s = 0; s < SERIES; s++) {
      v[s] = s % 3 == 0 ? rnd.nextInt(1_000_000) : rnd.nextDouble(); // integers and raw doubles in the log
      app.append(0, Labels.of("__name__", "disk_full_test", "series", Integer.toString(s)), t, v[s]);
    }
    app.commit();
    for (int s = 0; s < SERIES; s++) {
      committed.computeIfAbsent(s, k -> new ArrayList<>()).add(new long[] {t, Double.doubleToRawLongBits(v[s])});
    }
  }

  private static void awaitCommit(Storage db, long t, SplittableRandom rnd, Map<Integer, List<long[]>> committed)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        commitRound(db, t, rnd, committed);
        return;
      } catch (StorageException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void assertStored(Storage db, Map<Integer, List<long[]>> committed) {
    Map<Labels, List<long[]>> stored = TsdbTestSupport.read(db, Long.MIN_VALUE, Long.MAX_VALUE, false,
        Matcher.equal("__name__", "disk_full_test"));
    assertThat(stored).hasSize(SERIES);
    for (int s = 0; s < SERIES; s++) {
      List<long[]> got = stored.get(Labels.of("__name__", "disk_full_test", "series", Integer.toString(s)));
      assertThat(got).as("series %d", s).containsExactlyElementsOf(committed.get(s));
    }
  }

  /** Mounts a tmpfs of the given size on a fresh directory, or skips the test saying why not. */
  private void mountTmpfs(String size) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("tmpfs"));
    String out = onPath("mount") ? run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString()) : "no mount command";
    assumeTrue(out == null, "cannot mount a small tmpfs for a real ENOSPC (needs root with CAP_SYS_ADMIN): " + out);
    mount = dir;
  }

  /** Fills the file system with one file until about {@code leave} bytes remain; returns it. */
  private static Path fillLeaving(Path fs, long leave) throws Exception {
    Path filler = fs.resolve("filler");
    long free = Files.getFileStore(fs).getUsableSpace();
    byte[] block = new byte[64 << 10];
    try (var out = Files.newOutputStream(filler)) {
      for (long n = 0; n + block.length <= free - leave; n += block.length) {
        out.write(block);
      }
      if (leave == 0) {
        try {
          while (true) {
            out.write(block, 0, 512);
            out.flush();
          }
        } catch (java.io.IOException full) {
          // no space left: exactly what the caller wants
        }
      }
    } catch (java.io.IOException closingFull) {
      // close flushes nothing more (unbuffered stream); a failure here still leaves it full
    }
    return filler;
  }

  /** Runs a command; null when it succeeded, else its output and exit code. */
  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = p.waitFor();
    return rc == 0 ? null : out + " (exit " + rc + ")";
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
