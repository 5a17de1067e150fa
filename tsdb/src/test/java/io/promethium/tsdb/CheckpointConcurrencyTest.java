package io.promethium.tsdb;

import static io.promethium.tsdb.TsdbTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints do not hold the commit lock while they walk the head: commits complete while a
 * checkpoint is paused inside its pass (seams in {@link Tsdb}, no clocks), and what a checkpoint
 * wrote while commits raced it recovers every committed sample.
 */
class CheckpointConcurrencyTest {
  @TempDir Path dir;

  static final int SERIES = 20;

  static Labels labels(int i) {
    return Labels.of("__name__", "cp_test", "i", Integer.toString(i));
  }

  static double value(int i, long t) {
    return i * 1000.0 + t;
  }

  private static void commitRange(Tsdb db, long fromT, long toT) {
    Appender app = db.appender();
    for (long t = fromT; t <= toT; t++) {
      for (int i = 0; i < SERIES; i++) {
        app.append(0, labels(i), t, value(i, t));
      }
      app.commit(); // one commit per timestamp, like one scrape
    }
  }

  /** Runs commits on another thread and waits for them; a commit blocked by the checkpoint would never finish. */
  private static void commitElsewhere(Tsdb db, long fromT, long toT) {
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> commitRange(db, fromT, toT));
    try {
      // Without the fix this thread holds the commit lock while the commits wait for it: the
      // generous bound only turns a deadlock into a failure instead of a hung build.
      f.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("commit did not complete while a checkpoint was in progress", e);
    }
  }

  @Test
  void commitsCompleteWhileACheckpointIsInProgress() throws Exception {
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      commitRange(db, 1, 100);
      int[] ran = new int[2];
      db.checkpointHook = () -> {
        commitElsewhere(db, 101, 110); // after the watermark, before the pass
        ran[0]++;
      };
      db.snapshotHook = () -> {
        commitElsewhere(db, 111, 300); // inside the pass: cuts chunks already snapshotted
        ran[1]++;
      };
      db.checkpoint();
      assertThat(ran).containsExactly(1, 1);
      db.checkpointHook = null;
      db.snapshotHook = null;
      commitRange(db, 301, 310);
      assertAll(read(db, 0, 1000, true), 310);
      // The state a kill -9 would leave now: a point-in-time copy of the database, no close.
      db.snapshot("crash", true);
    }
    try (Tsdb copy = Tsdb.open(TsdbOptions.of(dir.resolve("snapshots").resolve("crash")).withCheckpointInterval(0))) {
      assertAll(read(copy, 0, 1000, true), 310);
    }
    try (Tsdb reopened = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      assertAll(read(reopened, 0, 1000, true), 310);
    }
  }

  @Test
  void checkpointRacingCommitsRecoversEverythingAfterACrashImage() throws Exception {
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      commitRange(db, 1, 50);
      db.snapshotHook = () -> commitElsewhere(db, 51, 250);
      db.checkpoint();
      // Second checkpoint: must rewrite the snapshot of the chunk that was cut during the first.
      db.snapshotHook = () -> commitElsewhere(db, 251, 260);
      db.checkpoint();
      db.snapshotHook = null;
      commitRange(db, 261, 270);
      db.snapshot("crash", true);
    }
    try (Tsdb copy = Tsdb.open(TsdbOptions.of(dir.resolve("snapshots").resolve("crash")).withCheckpointInterval(0))) {
      assertAll(read(copy, 0, 1000, true), 270);
      // Ordering state recovered too: a sample before the last is still out of order.
      Appender app = copy.appender();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> app.append(0, labels(0), 269, 1))
          .isSameAs(SampleRejectedException.OUT_OF_ORDER);
    }
  }

  private static void assertAll(Map<Labels, List<long[]>> got, long lastT) {
    assertThat(got).hasSize(SERIES);
    for (int i = 0; i < SERIES; i++) {
      List<long[]> samples = got.get(labels(i));
      assertThat(samples).as("series %d", i).hasSize((int) lastT);
      for (int k = 0; k < lastT; k++) {
        long t = k + 1;
        assertThat(samples.get(k)).containsExactly(t, Double.doubleToRawLongBits(value(i, t)));
      }
    }
  }
}
