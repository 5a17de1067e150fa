package io.promethium.tsdb;

import static io.promethium.tsdb.TsdbTestSupport.read;
import static io.promethium.tsdb.TsdbTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest {
  @TempDir Path dir;
  Tsdb db;

  static final Labels A = Labels.of("__name__", "up", "job", "a");
  static final Labels B = Labels.of("__name__", "up", "job", "b");

  @BeforeEach
  void open() {
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void samplesAreInvisibleUntilCommit() {
    Appender app = db.appender();
    long ref = app.append(0, A, 1000, 1);
    assertThat(ref).isPositive();
    assertThat(read(db, 0, 5000, true)).isEmpty();
    app.commit();
    assertThat(read(db, 0, 5000, true)).containsOnlyKeys(A);
    assertThat(read(db, 0, 5000, true).get(A)).containsExactly(sample(1000, 1));
  }

  @Test
  void rollbackDiscardsSamples() {
    Appender app = db.appender();
    app.append(0, A, 1000, 1);
    app.rollback();
    app.commit();
    assertThat(read(db, 0, 5000, true)).isEmpty();
    Appender again = db.appender();
    again.append(0, A, 500, 2); // the rolled-back sample does not block older ones
    again.commit();
    assertThat(read(db, 0, 5000, true).get(A)).containsExactly(sample(500, 2));
  }

  @Test
  void refFromAppendIsStableAndUsableWithoutLabels() {
    Appender app = db.appender();
    long ref = app.append(0, A, 1000, 1);
    assertThat(app.append(ref, null, 2000, 2)).isEqualTo(ref);
    assertThat(app.append(0, A, 3000, 3)).isEqualTo(ref);
    assertThat(app.append(0, B, 3000, 3)).isNotEqualTo(ref);
    app.commit();
    assertThat(read(db, 0, 5000, true).get(A)).containsExactly(sample(1000, 1), sample(2000, 2), sample(3000, 3));
  }

  @Test
  void outOfOrderAndDuplicateFollowPrometheus() {
    Appender app = db.appender();
    long ref = app.append(0, A, 1000, 1);
    app.commit();
    assertThatThrownBy(() -> app.append(ref, A, 999, 1))
        .isSameAs(SampleRejectedException.OUT_OF_ORDER).hasMessage("out of order sample");
    assertThatThrownBy(() -> app.append(ref, A, 1000, 2))
        .isSameAs(SampleRejectedException.DUPLICATE).hasMessage("duplicate sample for timestamp");
    // Same timestamp, bit-identical value: silently accepted.
    assertThat(app.append(ref, A, 1000, 1)).isEqualTo(ref);
    // NaN payloads differ by bits, so they are duplicates, not re-sends.
    app.append(ref, A, 2000, Double.NaN);
    app.commit();
    assertThatThrownBy(() -> app.append(ref, A, 2000, StaleNaN.VALUE)).isSameAs(SampleRejectedException.DUPLICATE);
    assertThat(app.append(ref, A, 2000, Double.NaN)).isEqualTo(ref);
    app.commit();
    assertThat(db.outOfOrderSamples()).isEqualTo(1);
    assertThat(db.duplicateSamples()).isEqualTo(2);
    assertThat(read(db, 0, 5000, true).get(A)).containsExactly(sample(1000, 1), sample(2000, Double.NaN));
  }

  @Test
  void outOfOrderWithinOneTransactionIsDroppedAndCountedAtCommit() {
    Appender app = db.appender();
    app.append(0, A, 2000, 2);
    app.append(0, A, 1000, 1); // checked against committed state only, like Prometheus
    app.commit();
    assertThat(db.outOfOrderSamples()).isEqualTo(1);
    assertThat(read(db, 0, 5000, true).get(A)).containsExactly(sample(2000, 2));
  }

  @Test
  void invalidLabelsAreRejected() {
    Appender app = db.appender();
    assertThatThrownBy(() -> app.append(0, Labels.EMPTY, 1, 1)).isInstanceOf(InvalidLabelsException.class)
        .hasMessageContaining("empty labelset");
    assertThatThrownBy(() -> app.append(0, null, 1, 1)).isInstanceOf(InvalidLabelsException.class);
    // A reference the store never issued, without labels to fall back on: the caller must resend labels.
    assertThatThrownBy(() -> app.append(987_654, null, 1, 1)).isInstanceOf(UnknownSeriesException.class);
    assertThatThrownBy(() -> app.append(0, Labels.of("a-b", "x"), 1, 1)).isInstanceOf(InvalidLabelsException.class)
        .hasMessageContaining("invalid label name \"a-b\"");
    assertThatThrownBy(() -> app.append(0, Labels.of("0a", "x"), 1, 1)).isInstanceOf(InvalidLabelsException.class);
    assertThatThrownBy(() -> app.append(0, Labels.wrapSorted(new String[] {"", "x"}), 1, 1))
        .isInstanceOf(InvalidLabelsException.class).hasMessageContaining("empty label name");
    assertThatThrownBy(() -> app.append(0, Labels.wrapSorted(new String[] {"a", "x", "a", "y"}), 1, 1))
        .isInstanceOf(InvalidLabelsException.class).hasMessageContaining("label name \"a\" is not unique");
    assertThatThrownBy(() -> app.append(0, Labels.of("a", "bad\uD800"), 1, 1))
        .isInstanceOf(InvalidLabelsException.class).hasMessageContaining("invalid UTF-8");
    app.append(0, Labels.of("a", "ok \uD83D\uDE00"), 1, 1); // a paired surrogate is valid UTF-8
    app.commit();
    assertThat(read(db, 0, 5, true)).hasSize(1);
  }

  @Test
  void selectClipsToRangeAndSortsByLabels() {
    Appender app = db.appender();
    for (int i = 0; i < 500; i++) {
      app.append(0, B, i * 1000L, i);
      app.append(0, A, i * 1000L, -i);
    }
    app.commit();
    Map<Labels, List<long[]>> r = read(db, 100_500, 102_000, true, Matcher.equal("__name__", "up"));
    assertThat(r.keySet()).containsExactly(A, B);
    assertThat(r.get(B)).containsExactly(sample(101_000, 101), sample(102_000, 102));
    assertThat(read(db, 600_000, 700_000, true)).isEmpty();
    assertThat(read(db, 499_000, 499_000, true, Matcher.equal("job", "a")).get(A)).containsExactly(sample(499_000, -499));
  }

  @Test
  void seriesWithoutSamplesInRangeAreNotSelected() {
    Appender app = db.appender();
    app.append(0, A, 1000, 1);
    app.append(0, A, 9000, 1);
    app.append(0, B, 5000, 1);
    app.commit();
    assertThat(read(db, 2000, 8000, true).keySet()).containsExactly(B);
  }

  @Test
  void chunksAreCutAndPersistedAcrossPartitions() throws Exception {
    Appender app = db.appender();
    long step = 15_000;
    int n = 2000; // 8.3 h: many chunks and several 2 h partitions
    for (int i = 0; i < n; i++) {
      app.append(0, A, i * step, i * 0.5);
      if (i % 100 == 99) {
        app.commit();
      }
    }
    app.commit();
    assertThat(db.chunksCreated()).isGreaterThan(n / 120);
    List<long[]> all = read(db, Long.MIN_VALUE, Long.MAX_VALUE, true).get(A);
    assertThat(all).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(all.get(i)).containsExactly(i * step, Double.doubleToRawLongBits(i * 0.5));
    }
    db.close();
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
    assertThat(read(db, Long.MIN_VALUE, Long.MAX_VALUE, true).get(A)).hasSize(n);
    assertThat(db.minTime()).isZero();
    assertThat(db.maxTime()).isEqualTo((n - 1) * step);
    // The series continues after restart with order checks against its recovered state.
    Appender again = db.appender();
    assertThatThrownBy(() -> again.append(0, A, (n - 2) * step, 0)).isSameAs(SampleRejectedException.OUT_OF_ORDER);
    again.append(0, A, n * step, 7);
    again.commit();
    assertThat(read(db, (n - 1) * step, n * step, true).get(A)).hasSize(2);
  }

  @Test
  void manySeriesSurviveRestartWithLabelsAndRefs() throws Exception {
    Appender app = db.appender();
    Map<Labels, Long> refs = new java.util.HashMap<>();
    for (int i = 0; i < 3000; i++) { // thousands of distinct symbols
      Labels l = Labels.of("__name__", "m" + (i % 7), "id", "series-" + i, "half", i % 2 == 0 ? "even" : "odd");
      refs.put(l, app.append(0, l, 1000, i));
    }
    app.commit();
    db.close();
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
    Map<Labels, List<long[]>> r = read(db, 0, 2000, true, Matcher.equal("half", "odd"));
    assertThat(r).hasSize(1500);
    Appender again = db.appender();
    for (Map.Entry<Labels, Long> e : refs.entrySet()) {
      assertThat(again.append(0, e.getKey(), 2000, 1)).isEqualTo(e.getValue());
    }
    again.commit();
    try (Querier q = db.querier(0, 3000)) {
      assertThat(q.labelValues("__name__")).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
      assertThat(q.labelValues("id", Matcher.equal("id", "series-2999"))).containsExactly("series-2999");
    }
    assertThat(db.totalSeries()).isEqualTo(3000);
  }

  @Test
  void extremeTimestampsAndSpecialValuesRoundTripThroughDisk() throws Exception {
    long[] ts = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -7_200_001, -1, 0, 1, 7_200_000, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    double[] vs = {StaleNaN.VALUE, -0.0, Double.NEGATIVE_INFINITY, Double.longBitsToDouble(0x7ff8dead0000beefL), 0.0,
        Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NaN, Double.MAX_VALUE};
    Appender app = db.appender();
    for (int i = 0; i < ts.length; i++) {
      app.append(0, A, ts[i], vs[i]);
      app.commit();
    }
    for (int round = 0; round < 2; round++) {
      List<long[]> got = read(db, Long.MIN_VALUE, Long.MAX_VALUE, true).get(A);
      assertThat(got).hasSize(ts.length);
      for (int i = 0; i < ts.length; i++) {
        assertThat(got.get(i)).containsExactly(ts[i], Double.doubleToRawLongBits(vs[i]));
      }
      assertThat(read(db, -1, 1, true).get(A)).hasSize(3);
      db.close(); // second round reads everything back from disk
      db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withHeadIdleTime(1));
      db.checkpoint(); // and evicts the series, so its open chunk is read from the chunks family
    }
    assertThat(db.minTime()).isEqualTo(Long.MIN_VALUE);
    assertThat(db.maxTime()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void labelNamesAndValuesHonourMatchers() {
    Appender app = db.appender();
    app.append(0, Labels.of("__name__", "up", "job", "a", "zone", "x"), 1, 1);
    app.append(0, Labels.of("__name__", "up", "job", "b"), 1, 1);
    app.append(0, Labels.of("__name__", "down", "job", "c", "extra", "e"), 1, 1);
    app.commit();
    try (Querier q = db.querier(0, 10)) {
      assertThat(q.labelNames()).containsExactly("__name__", "extra", "job", "zone");
      assertThat(q.labelNames(Matcher.equal("__name__", "up"))).containsExactly("__name__", "job", "zone");
      assertThat(q.labelValues("job")).containsExactly("a", "b", "c");
      assertThat(q.labelValues("job", Matcher.regex("__name__", "u.*"))).containsExactly("a", "b");
      assertThat(q.labelValues("job", Matcher.equal("zone", ""))).containsExactly("b", "c");
      assertThat(q.labelValues("nope")).isEmpty();
    }
    try (Querier q = db.querier(100, 200)) { // no data in range: nothing, as in Prometheus
      assertThat(q.labelNames()).isEmpty();
      assertThat(q.labelValues("job")).isEmpty();
    }
  }

  @Test
  void idleSeriesLeaveTheHeadButStayQueryable() throws Exception {
    db.close();
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withHeadIdleTime(60_000));
    Appender app = db.appender();
    long refA = app.append(0, A, 1000, 1);
    app.append(0, B, 1000, 1);
    app.commit();
    for (long t = 2000; t <= 200_000; t += 1000) {
      app.append(0, B, t, t);
    }
    app.commit();
    db.checkpoint();
    assertThat(db.headSeries()).isEqualTo(1);
    assertThat(db.seriesRemovedFromHead()).isEqualTo(1);
    assertThat(read(db, 0, 1000, true).get(A)).containsExactly(sample(1000, 1));
    // The evicted series comes back with its ref and its ordering guard.
    assertThatThrownBy(() -> app.append(refA, A, 500, 1)).isSameAs(SampleRejectedException.OUT_OF_ORDER);
    assertThat(app.append(refA, A, 300_000, 3)).isEqualTo(refA);
    app.commit();
    assertThat(read(db, 0, 400_000, true).get(A)).containsExactly(sample(1000, 1), sample(300_000, 3));
    assertThat(db.headSeries()).isEqualTo(2);
  }

  @Test
  void aCutChunksSuccessorIsSnapshotAtOnceSoACrashBeforeTheNextCheckpointNeedsNoSearch() throws Exception {
    db.close();
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withBlockDuration(60_000));
    Appender app = db.appender();
    long ref = 0;
    for (long t = 0; t < 60_000; t += 1000) {
      ref = app.append(ref, A, t, t);
      app.commit();
    }
    db.checkpoint(); // the head snapshot holds the first partition's chunk
    app.append(ref, A, 60_000, 60_000); // crosses the partition boundary: the chunk is cut
    app.commit();
    byte[] head = db.store.db.get(db.store.head, StoreCodec.refKey((int) ref));
    assertThat(head).isNotNull();
    io.promethium.tsdb.chunk.XorChunk successor = io.promethium.tsdb.chunk.XorChunk.fromBytes(head, 0, head.length);
    assertThat(successor.numSamples()).isEqualTo(1);
    assertThat(successor.minTime()).isEqualTo(60_000);
    app.append(ref, A, 61_000, 61_000);
    app.commit();
    db.snapshot("crash", true); // the store as a kill -9 would leave it: no checkpoint since the cut
    try (Tsdb copy = Tsdb.open(TsdbOptions.of(dir.resolve("snapshots").resolve("crash")).withCheckpointInterval(0).withBlockDuration(60_000))) {
      List<long[]> samples = read(copy, 0, 100_000, true).get(A);
      assertThat(samples).hasSize(62);
      for (int i = 0; i < 62; i++) {
        assertThat(samples.get(i)).containsExactly(sample(i * 1000L, i * 1000.0));
      }
      Appender more = copy.appender();
      assertThatThrownBy(() -> more.append(0, A, 61_000, 1)).isInstanceOf(SampleRejectedException.class);
    }
  }

  @Test
  void retentionByTimeDropsWholePartitions() throws Exception {
    db.close();
    long hour = 3_600_000;
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0).withRetentionTime(5 * hour).withBlockDuration(hour));
    Appender app = db.appender();
    Labels early = Labels.of("__name__", "early", "job", "gone");
    for (long t = 0; t <= 10 * hour; t += 60_000) {
      app.append(0, A, t, 1);
      if (t < 3 * hour) {
        app.append(0, early, t, 2);
      }
      app.commit();
    }
    db.checkpoint(); // evicts the idle series
    assertThat(db.totalSeries()).isEqualTo(2);
    db.applyRetention();
    // A series whose data is all gone is forgotten, as Prometheus does.
    assertThat(db.totalSeries()).isEqualTo(1);
    assertThat(db.seriesRemovedByRetention()).isEqualTo(1);
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(q.labelValues("__name__")).containsExactly("up");
      assertThat(q.labelValues("job")).containsExactly("a");
    }
    List<long[]> left = read(db, Long.MIN_VALUE, Long.MAX_VALUE, true).get(A);
    // Partitions wholly before 10h - 5h are gone; [5h, 10h] is intact.
    assertThat(left.get(0)[0]).isEqualTo(5 * hour);
    assertThat(left.get(left.size() - 1)[0]).isEqualTo(10 * hour);
    assertThat(left).hasSize(301);
    assertThat(db.minTime()).isEqualTo(5 * hour);
    // Samples for the dropped time range are out of bounds, even for a brand-new series.
    assertThatThrownBy(() -> app.append(0, B, 5 * hour - 1, 1))
        .isSameAs(SampleRejectedException.OUT_OF_BOUNDS).hasMessage("out of bounds");
    assertThat(db.outOfBoundsSamples()).isEqualTo(1);
    app.append(0, B, 5 * hour, 1);
    long reborn = app.append(0, early, 10 * hour, 3); // the forgotten series can come back
    app.commit();
    assertThat(read(db, 0, 11 * hour, true, Matcher.equal("__name__", "early")).get(early))
        .containsExactly(sample(10 * hour, 3));
    assertThat(reborn).isEqualTo(4); // refs: A=1, early=2, B=3 — never reused
    db.close();
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
    assertThat(db.totalSeries()).isEqualTo(3);
  }

  @Test
  void retentionBySizeDropsOldestPartitionsUntilUnderTheLimit() throws Exception {
    db.close();
    long hour = 3_600_000;
    TsdbOptions opts = TsdbOptions.of(dir).withCheckpointInterval(0).withBlockDuration(hour).withRetentionTime(0);
    db = Tsdb.open(opts);
    Appender app = db.appender();
    long[] refs = new long[500];
    for (long t = 0; t < 10 * hour; t += 30_000) {
      for (int s = 0; s < refs.length; s++) {
        refs[s] = app.append(refs[s], Labels.of("__name__", "m", "s", Integer.toString(s)), t, t * 0.001 + s);
      }
      app.commit();
    }
    db.close(); // flush everything to SST files
    db = Tsdb.open(opts);
    long full = db.diskSizeBytes();
    long limit = full / 2;
    db.close();
    db = Tsdb.open(opts.withRetentionSize(limit));
    db.applyRetention();
    assertThat(db.diskSizeBytes()).isLessThanOrEqualTo(limit);
    assertThat(db.minTime()).isGreaterThan(0);
    // The newest data is intact.
    Map<Labels, List<long[]>> r = read(db, 9 * hour, 10 * hour, true, Matcher.equal("s", "7"));
    assertThat(r.values().iterator().next()).hasSize(120);
    assertThat(read(db, 0, hour - 1, true)).isEmpty();
  }

  @Test
  void useAfterCloseFailsCleanly() throws Exception {
    Appender app = db.appender();
    app.append(0, A, 1, 1);
    app.commit();
    Querier q = db.querier(0, 10);
    db.close();
    assertThatThrownBy(() -> q.select(false, null, Matcher.equal("job", "a")))
        .isInstanceOf(StorageException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> app.append(0, A, 2, 1)).isInstanceOf(StorageException.class);
    assertThatThrownBy(db::appender).isInstanceOf(StorageException.class);
    db.close(); // idempotent
    db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0));
  }

  @Test
  void statsReportHeadAndCardinality() {
    Appender app = db.appender();
    app.append(0, A, 1, 1);
    app.append(0, B, 1, 1);
    app.append(0, Labels.of("__name__", "other", "job", "a"), 5, 1);
    app.commit();
    StorageStats s = db.stats(2);
    assertThat(s.numSeries()).isEqualTo(3);
    assertThat(s.chunkCount()).isEqualTo(3);
    assertThat(s.minTime()).isEqualTo(1);
    assertThat(s.maxTime()).isEqualTo(5);
    assertThat(s.numLabelPairs()).isEqualTo(4);
    assertThat(s.seriesCountByMetricName()).containsExactly(new StorageStats.Entry("up", 2), new StorageStats.Entry("other", 1));
    assertThat(s.labelValueCountByLabelName()).containsExactly(new StorageStats.Entry("__name__", 2), new StorageStats.Entry("job", 2));
    assertThat(s.memoryInBytesByLabelName()).containsExactly(
        new StorageStats.Entry("__name__", 7), new StorageStats.Entry("job", 2));
    assertThat(s.seriesCountByLabelValuePair()).containsExactly(
        new StorageStats.Entry("__name__=up", 2), new StorageStats.Entry("job=a", 2));
  }

  @Test
  void concurrentAppendersAndQueriers() throws Exception {
    int threads = 4;
    int seriesPerThread = 50;
    int samples = 300;
    Thread[] ts = new Thread[threads + 1];
    Throwable[] failure = new Throwable[1];
    for (int w = 0; w < threads; w++) {
      int id = w;
      ts[w] = new Thread(() -> {
        try {
          Appender app = db.appender();
          long[] refs = new long[seriesPerThread];
          for (int i = 0; i < samples; i++) {
            for (int s = 0; s < seriesPerThread; s++) {
              refs[s] = app.append(refs[s], Labels.of("__name__", "m", "w", "" + id, "s", "" + s), i * 10L, i);
            }
            app.commit();
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
      });
    }
    ts[threads] = new Thread(() -> {
      try {
        for (int i = 0; i < 50; i++) {
          for (List<long[]> l : read(db, 0, Long.MAX_VALUE, false, Matcher.equal("__name__", "m")).values()) {
            for (int k = 0; k < l.size(); k++) {
              assertThat(l.get(k)[0]).isEqualTo(k * 10L); // a prefix of the series, in order, no gaps
            }
          }
        }
      } catch (Throwable e) {
        failure[0] = e;
      }
    });
    for (Thread t : ts) {
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    assertThat(failure[0]).isNull();
    Map<Labels, List<long[]>> r = read(db, 0, Long.MAX_VALUE, true, Matcher.equal("__name__", "m"));
    assertThat(r).hasSize(threads * seriesPerThread);
    for (List<long[]> l : r.values()) {
      assertThat(l).hasSize(samples);
    }
  }
}
