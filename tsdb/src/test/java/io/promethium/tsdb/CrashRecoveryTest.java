package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM with SIGKILL while it ingests, reopens its store and checks that every
 * sample whose commit the child reported is there, bit for bit. Done twice on the same directory
 * so the second run also recovers on top of a recovered store.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void committedSamplesSurviveKillMinus9() throws Exception {
    long lastReported = -1;
    for (int round = 0; round < 2; round++) {
      List<Long> committed = runAndKill(round == 0 ? 1500 : 800);
      assertThat(committed).isNotEmpty();
      lastReported = committed.get(committed.size() - 1);
      try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withBlockDuration(60_000))) {
        Map<Labels, Map<Long, Long>> stored = new HashMap<>();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
          SeriesSet set = q.select(false, null, Matcher.equal("__name__", "crash_test"));
          while (set.next()) {
            Map<Long, Long> samples = new HashMap<>();
            SampleIterator it = set.at().iterator();
            long prev = Long.MIN_VALUE;
            while (it.next()) {
              assertThat(it.t()).isGreaterThan(prev);
              prev = it.t();
              samples.put(it.t(), Double.doubleToRawLongBits(it.v()));
            }
            stored.put(set.at().labels(), samples);
          }
        }
        assertThat(stored).hasSize(CrashIngester.SERIES);
        for (int s = 0; s < CrashIngester.SERIES; s++) {
          Map<Long, Long> samples = stored.get(CrashIngester.labels(s));
          for (long t : committed) {
            assertThat(samples.get(t)).as("series %d at t=%d", s, t)
                .isEqualTo(Double.doubleToRawLongBits(CrashIngester.value(s, t)));
          }
        }
        assertThat(db.maxTime()).isGreaterThanOrEqualTo(lastReported);
        // Series added all along (index snapshots rewritten meanwhile) are all found.
        for (long t : committed) {
          if (CrashIngester.addsSeries(t)) {
            assertThat(TsdbTestSupport.read(db, t, t, false, Matcher.equal("__name__", "crash_test_added"), Matcher.equal("at", Long.toString(t))))
                .as("series added at t=%d", t).containsOnlyKeys(CrashIngester.added(t));
          }
        }
        assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).as("series taken from the index snapshot").isPositive();
      }
      // The next child resumes after the recovered maximum, on top of a recovered store.
    }
  }

  /** Starts the child, waits until it reported {@code commits} commits, kills it, returns them. */
  private List<Long> runAndKill(int commits) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CrashIngester.class.getName(), dir.toString());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    List<Long> committed = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.matches("\\d+")) {
          continue;
        }
        committed.add(Long.parseLong(line));
        if (committed.size() == commits) {
          p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
          break;
        }
      }
      // Lines still in the pipe are lost with the process's streams; they were committed, but
      // checking the ones we read is what the test needs.
    } finally {
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(p.exitValue()).isEqualTo(137);
    return committed;
  }
}
