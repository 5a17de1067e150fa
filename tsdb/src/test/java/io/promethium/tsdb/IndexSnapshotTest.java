package io.promethium.tsdb;

import static io.promethium.tsdb.TsdbTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start from the index snapshot gives exactly the store a full rebuild gives, however the
 * store changed after the snapshot was taken.
 */
class IndexSnapshotTest {
  @TempDir Path dir;
  private Tsdb db;

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private Tsdb open() {
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
    db.indexSnapshots.minSeries = 1;
    return db;
  }

  private Tsdb reopen() throws Exception {
    db.close();
    return open();
  }

  private static Labels series(String name, int i) {
    return Labels.of("__name__", name, "job", "j" + (i % 7), "pod", "p" + (i / 10), "code", i % 3 == 0 ? "500" : "200", "id", Integer.toString(i));
  }

  private void appendSeries(String name, int from, int to, long t) {
    Appender app = db.appender();
    for (int i = from; i < to; i++) {
      app.append(0, series(name, i), t, i);
    }
    app.commit();
  }

  /** Everything a reader sees: each label pair's series, and every series' samples. */
  private String contents() {
    Map<String, List<String>> pairs = new TreeMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      for (String name : q.labelNames()) {
        for (String value : q.labelValues(name)) {
          List<String> found = new ArrayList<>();
          SeriesSet set = q.select(true, null, Matcher.equal(name, value));
          while (set.next()) {
            found.add(set.at().labels().toString());
          }
          pairs.put(name + "=" + value, found);
        }
      }
    }
    StringBuilder out = new StringBuilder(pairs.toString());
    read(db, Long.MIN_VALUE, Long.MAX_VALUE, true).forEach((labels, samples) -> {
      out.append('\n').append(labels);
      for (long[] s : samples) {
        out.append(' ').append(s[0]).append(':').append(s[1]);
      }
    });
    return out.append("\nseries=").append(db.totalSeries()).toString();
  }

  /** The contents after a start that rebuilds the index from the records alone. */
  private String rebuiltContents() throws Exception {
    db.store.db.delete(db.store.meta, IndexSnapshots.META_KEY);
    reopen();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isZero();
    return contents();
  }

  @Test
  void aStartTakesTheSnapshotAndReadsOnlyTheSeriesWrittenSince() throws Exception {
    open();
    appendSeries("first", 0, 300, 1000);
    db.indexSnapshots.write();
    appendSeries("later", 0, 40, 2000);
    appendSeries("first", 0, 300, 3000);
    reopen();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isEqualTo(300);
    assertThat(db.indexSnapshots.checkedAtStart).isFalse();
    String fromSnapshot = contents();
    assertThat(fromSnapshot).contains("series=340");
    assertThat(rebuiltContents()).isEqualTo(fromSnapshot);
  }

  @Test
  void seriesCreatedBeforeTheSnapshotButWrittenAfterAreFound() throws Exception {
    open();
    Appender slow = db.appender();
    slow.append(0, series("slow", 1), 1000, 1); // gets its ref now, is written at commit
    appendSeries("fast", 0, 20, 1000);
    db.indexSnapshots.write();
    slow.commit();
    reopen();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isEqualTo(20);
    assertThat(read(db, 0, 5000, true, Matcher.equal("__name__", "slow")))
        .containsOnlyKeys(series("slow", 1));
    String fromSnapshot = contents();
    assertThat(rebuiltContents()).isEqualTo(fromSnapshot);
  }

  @Test
  void afterSeriesWereDeletedEveryRecordIsCheckedAgainstIt() throws Exception {
    long hour = 3_600_000;
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withRetentionTime(5 * hour).withBlockDuration(hour));
    db.indexSnapshots.minSeries = 1;
    Appender app = db.appender();
    Labels kept = series("kept", 1);
    Labels early = series("early", 2);
    for (long t = 0; t <= 10 * hour; t += 60_000) {
      app.append(0, kept, t, 1);
      if (t < 3 * hour) {
        app.append(0, early, t, 2);
      }
      app.commit();
    }
    db.checkpoint(); // evicts the idle series
    db.indexSnapshots.write(); // describes kept (ref 1) and early (ref 2)
    db.applyRetention(); // forgets early: ref 2 is free again at the next start
    assertThat(db.seriesRemovedByRetention()).isEqualTo(1);
    reopen();
    assertThat(db.indexSnapshots.checkedAtStart).isTrue();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isEqualTo(1);
    Labels reborn = series("reborn", 3);
    app = db.appender();
    assertThat(app.append(0, reborn, 10 * hour, 3)).isEqualTo(2); // the freed ref, reused
    app.commit();
    reopen(); // the snapshot still says ref 2 is early; its record says otherwise
    assertThat(db.indexSnapshots.checkedAtStart).isTrue();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(q.labelValues("__name__")).containsExactly("kept", "reborn");
    }
    assertThat(read(db, 0, 11 * hour, true, Matcher.equal("__name__", "reborn"))).containsOnlyKeys(reborn);
    String checked = contents();
    assertThat(rebuiltContents()).isEqualTo(checked);
  }

  @Test
  void anUnusableSnapshotIsIgnored() throws Exception {
    open();
    appendSeries("x", 0, 50, 1000);
    db.store.db.put(db.store.meta, IndexSnapshots.META_KEY, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28});
    reopen();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isZero();
    assertThat(db.totalSeries()).isEqualTo(50);
    String ignored = contents();
    assertThat(rebuiltContents()).isEqualTo(ignored);
  }

  @Test
  void headSeriesStartedWithoutTheirRecordsGetThemOnUse() throws Exception {
    open();
    appendSeries("x", 0, 100, 1000);
    db.indexSnapshots.write();
    reopen();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isEqualTo(100);
    // Appending to known series (records loaded on demand, or by the background pass) finds them.
    Appender app = db.appender();
    long ref = app.append(0, series("x", 42), 2000, 1);
    app.commit();
    assertThat(db.totalSeries()).isEqualTo(100);
    assertThat(db.labelsOf((int) ref)).isEqualTo(series("x", 42));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (pendingRecords() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(pendingRecords()).isZero();
    assertThat(read(db, 0, 5000, true, Matcher.equal("pod", "p4"))).containsOnlyKeys(
        series("x", 40), series("x", 41), series("x", 42), series("x", 43), series("x", 44),
        series("x", 45), series("x", 46), series("x", 47), series("x", 48), series("x", 49));
  }

  private int pendingRecords() {
    int n = 0;
    for (MemSeries s : db.table.headArray()) {
      if (s != null && s.labelRecord == null) {
        n++;
      }
    }
    return n;
  }

  @Test
  void maintenanceRewritesTheSnapshotOnceATenthOfTheSeriesChanged() throws Exception {
    open();
    db.indexSnapshots.minSeries = 100;
    appendSeries("x", 0, 50, 1000);
    db.indexSnapshots.maintain();
    assertThat(db.indexSnapshots.describedSeries()).isZero(); // too few series to bother
    appendSeries("x", 50, 200, 1000);
    db.indexSnapshots.maintain();
    assertThat(db.indexSnapshots.describedSeries()).isEqualTo(200);
    appendSeries("y", 0, 19, 1000);
    db.indexSnapshots.maintain();
    assertThat(db.indexSnapshots.describedSeries()).isEqualTo(200);
    appendSeries("y", 19, 20, 1000);
    db.indexSnapshots.maintain();
    assertThat(db.indexSnapshots.describedSeries()).isEqualTo(220);
    reopen();
    assertThat(db.indexSnapshots.seriesFromSnapshotAtStart).isEqualTo(220);
    assertThat(db.indexSnapshots.describedSeries()).isEqualTo(220);
  }
}
