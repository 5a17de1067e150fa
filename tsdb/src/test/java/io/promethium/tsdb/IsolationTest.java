package io.promethium.tsdb;

import static io.promethium.tsdb.TsdbTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queriers see whole commits only (Prometheus's appender isolation). */
class IsolationTest {
  @TempDir Path dir;
  Tsdb db;

  static final Labels A = Labels.of("__name__", "iso", "s", "a");
  static final Labels B = Labels.of("__name__", "iso", "s", "b");

  @BeforeEach
  void open() {
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private void commitPair(long t) {
    Appender app = db.appender();
    app.append(0, A, t, t);
    app.append(0, B, t, t);
    app.commit();
  }

  @Test
  void querierStartedDuringACommitSeesNoneOrAllOfIt() throws Exception {
    commitPair(1000);
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    db.applyHook = () -> {
      // Commit is half applied: A has t=2000, B not yet.
      paused.countDown();
      await(resume);
    };
    CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> commitPair(2000));
    assertThat(paused.await(60, TimeUnit.SECONDS)).isTrue();
    AtomicReference<Map<Labels, List<long[]>>> seen = new AtomicReference<>();
    Thread querier = new Thread(() -> seen.set(read(db, 0, 5000, true)));
    querier.start();
    // The querier must wait for the commit (parked on the visibility lock), not read half of it.
    while (querier.getState() != Thread.State.WAITING && querier.isAlive()) {
      Thread.onSpinWait();
    }
    assertThat(seen.get()).as("a querier finished while a commit was half applied").isNull();
    resume.countDown();
    commit.get(60, TimeUnit.SECONDS);
    querier.join();
    assertThat(seen.get().get(A)).hasSize(2);
    assertThat(seen.get().get(B)).hasSize(2);
    db.applyHook = null;
  }

  @Test
  void querierCapturedBeforeACommitDoesNotSeeItsSamplesLater() {
    commitPair(1000);
    try (Querier q = db.querier(0, 5000)) {
      SeriesSet set = q.select(true, null, Matcher.equal("__name__", "iso"));
      commitPair(2000); // after the select captured the head, before iterating
      int series = 0;
      while (set.next()) {
        SampleIterator it = set.at().iterator();
        assertThat(it.next()).isTrue();
        assertThat(it.t()).isEqualTo(1000);
        assertThat(it.next()).as("sample of a later commit").isFalse();
        series++;
      }
      assertThat(series).isEqualTo(2);
    }
  }

  @Test
  void concurrentQueriesNeverSeeATornCommit() throws Exception {
    int commits = 3000; // crosses many chunk cuts
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int t = 1; t <= commits; t++) {
        commitPair(t);
      }
    });
    int checked = 0;
    while (!writer.isDone() || checked == 0) {
      Map<Labels, List<long[]>> got = read(db, 0, Long.MAX_VALUE, true);
      int a = got.containsKey(A) ? got.get(A).size() : 0;
      int b = got.containsKey(B) ? got.get(B).size() : 0;
      assertThat(a).as("A and B are committed together").isEqualTo(b);
      checked++;
    }
    writer.get();
    assertThat(read(db, 0, Long.MAX_VALUE, true).get(B)).hasSize(commits);
  }

  private static void await(CountDownLatch l) {
    try {
      if (!l.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("not resumed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
