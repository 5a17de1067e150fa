package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appenders, queriers and background maintenance (checkpoints every few ms, eviction of idle
 * series and their revival, chunk cuts at small partitions) all at once: no sample is lost,
 * duplicated or reordered, and a reopen sees exactly the same data.
 */
class ConcurrentMaintenanceTest {
  @TempDir Path dir;

  @Test
  void nothingIsLostWhileCheckpointsAndEvictionsRun() throws Exception {
    int writers = 3;
    int series = 40;
    int rounds = 400;
    // Series alternate between active and idle phases, so they are evicted and revived repeatedly.
    TsdbOptions opts = TsdbOptions.of(dir).withCheckpointInterval(3).withHeadIdleTime(50).withBlockDuration(1000);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    try (Tsdb db = Tsdb.open(opts)) {
      Thread[] threads = new Thread[writers + 1];
      for (int w = 0; w < writers; w++) {
        int id = w;
        threads[w] = new Thread(() -> {
          try {
            Appender app = db.appender();
            long[] refs = new long[series];
            for (int r = 0; r < rounds; r++) {
              for (int s = 0; s < series; s++) {
                if ((s + r / 50) % 3 == 0) {
                  continue; // idle phase for this series
                }
                refs[s] = app.append(refs[s], labels(id, s), r * 10L, value(id, s, r));
              }
              app.commit();
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
      }
      threads[writers] = new Thread(() -> {
        try {
          for (int i = 0; i < 40; i++) {
            for (Map.Entry<Labels, List<long[]>> e : TsdbTestSupport.read(db, 0, Long.MAX_VALUE, false).entrySet()) {
              long prev = Long.MIN_VALUE;
              for (long[] sample : e.getValue()) {
                assertThat(sample[0]).isGreaterThan(prev);
                prev = sample[0];
              }
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      for (Thread t : threads) {
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failure.get()).isNull();
      verify(db, writers, series, rounds);
      db.checkpoint(); // whatever the timing was, series idle at the end leave the head now
      assertThat(db.seriesRemovedFromHead()).isPositive();
      verify(db, writers, series, rounds);
    }
    try (Tsdb db = Tsdb.open(opts.withCheckpointInterval(0))) {
      verify(db, writers, series, rounds);
    }
  }

  private static void verify(Tsdb db, int writers, int series, int rounds) {
    Map<Labels, List<long[]>> all = TsdbTestSupport.read(db, Long.MIN_VALUE, Long.MAX_VALUE, true);
    assertThat(all).hasSize(writers * series);
    for (int w = 0; w < writers; w++) {
      for (int s = 0; s < series; s++) {
        List<long[]> got = all.get(labels(w, s));
        int k = 0;
        for (int r = 0; r < rounds; r++) {
          if ((s + r / 50) % 3 == 0) {
            continue;
          }
          assertThat(got.get(k)).as("writer %d series %d round %d", w, s, r)
              .containsExactly(r * 10L, Double.doubleToRawLongBits(value(w, s, r)));
          k++;
        }
        assertThat(got).hasSize(k);
      }
    }
  }

  private static Labels labels(int writer, int s) {
    return Labels.of("__name__", "stress", "w", Integer.toString(writer), "s", Integer.toString(s));
  }

  private static double value(int writer, int s, int r) {
    return r % 11 == 0 ? StaleNaN.VALUE : writer * 1e6 + s * 1e3 + r + 0.5;
  }
}
