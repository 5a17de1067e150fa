package io.promethium.tsdb;

import static io.promethium.tsdb.TsdbTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rocksdb.RocksIterator;

/** delete_series, clean_tombstones and snapshot, as the admin API needs them. */
class AdminOperationsTest {
  @TempDir Path dir;

  static final Labels A = Labels.of("__name__", "m", "job", "a");
  static final Labels B = Labels.of("__name__", "m", "job", "b");
  static final Labels C = Labels.of("__name__", "other", "job", "c");
  static final long STEP = 15_000;
  static final int SAMPLES = 400; // several chunks per series: some on disk, one open

  private static Tsdb open(Path p) {
    return Tsdb.open(TsdbOptions.of(p).withCheckpointInterval(0).withBlockDuration(3_600_000));
  }

  private static void fill(Tsdb db) {
    Appender app = db.appender();
    for (int i = 0; i < SAMPLES; i++) {
      long t = i * STEP;
      app.append(0, A, t, i);
      app.append(0, B, t, i);
      app.append(0, C, t, i);
    }
    app.commit();
  }

  private static List<Long> times(Map<Labels, List<long[]>> got, Labels l) {
    List<Long> out = new ArrayList<>();
    for (long[] s : got.getOrDefault(l, List.of())) {
      out.add(s[0]);
    }
    return out;
  }

  private static List<Long> expectedWithout(long mint, long maxt) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < SAMPLES; i++) {
      long t = i * STEP;
      if (t < mint || t > maxt) {
        out.add(t);
      }
    }
    return out;
  }

  /** Samples of a series stored in the chunks family (deleted data must be gone from disk). */
  private static int samplesOnDisk(Tsdb db, Labels l) {
    int ref = db.table.find(l.hash(), r -> l.equals(db.labelsOf(r)));
    int n = 0;
    try (RocksIterator it = db.store.db.newIterator(db.store.chunks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (StoreCodec.chunkKeyRef(it.key()) == ref) {
          n += io.promethium.tsdb.chunk.XorChunk.sampleCount(it.value(), 8);
        }
      }
    }
    return n;
  }

  @Test
  void deleteSeriesHidesTheRangeAtOnceForAnyMatchingSet() throws Exception {
    long mint = 100 * STEP;
    long maxt = 350 * STEP; // spans disk chunks and the open head chunk
    try (Tsdb db = open(dir)) {
      fill(db);
      db.deleteSeries(mint, maxt, List.of(
          new Matcher[] {Matcher.equal("job", "a")},
          new Matcher[] {Matcher.equal("__name__", "m"), Matcher.regex("job", "b|z")}));
      Map<Labels, List<long[]>> got = read(db, Long.MIN_VALUE, Long.MAX_VALUE, true);
      assertThat(times(got, A)).isEqualTo(expectedWithout(mint, maxt));
      assertThat(times(got, B)).isEqualTo(expectedWithout(mint, maxt));
      assertThat(times(got, C)).hasSize(SAMPLES);
      // A range query entirely inside the deleted range returns nothing for those series.
      assertThat(read(db, mint, maxt, true)).containsOnlyKeys(C);
      // seek honours tombstones too
      try (Querier q = db.querier(0, Long.MAX_VALUE)) {
        SeriesSet set = q.select(true, null, Matcher.equal("job", "a"));
        assertThat(set.next()).isTrue();
        SampleIterator it = set.at().iterator();
        assertThat(it.seek(mint)).isTrue();
        assertThat(it.t()).isEqualTo(maxt + STEP);
      }
    }
    try (Tsdb db = open(dir)) { // tombstones are durable
      assertThat(times(read(db, Long.MIN_VALUE, Long.MAX_VALUE, true), A)).isEqualTo(expectedWithout(mint, maxt));
    }
  }

  @Test
  void cleanTombstonesRemovesTheDataAndTheTombstones() throws Exception {
    long mint = 50 * STEP;
    long maxt = 380 * STEP;
    try (Tsdb db = open(dir)) {
      fill(db);
      db.checkpoint();
      int before = samplesOnDisk(db, A);
      db.deleteSeries(mint, maxt, List.<Matcher[]>of(new Matcher[] {Matcher.equal("job", "a")}));
      db.cleanTombstones();
      assertThat(db.tombstones.isEmpty()).isTrue();
      assertThat(samplesOnDisk(db, A)).isLessThan(before);
      assertThat(times(read(db, Long.MIN_VALUE, Long.MAX_VALUE, true), A)).isEqualTo(expectedWithout(mint, maxt));
      // Appending goes on after the head chunk was rewritten.
      Appender app = db.appender();
      app.append(0, A, SAMPLES * STEP, 1);
      app.commit();
    }
    try (Tsdb db = open(dir)) { // no tombstones left, the data itself is gone (log replay included)
      assertThat(db.tombstones.isEmpty()).isTrue();
      List<Long> expected = expectedWithout(mint, maxt);
      expected.add(SAMPLES * STEP);
      Map<Labels, List<long[]>> got = read(db, Long.MIN_VALUE, Long.MAX_VALUE, true);
      assertThat(times(got, A)).isEqualTo(expected);
      assertThat(times(got, B)).hasSize(SAMPLES);
    }
  }

  @Test
  void deletingEverythingOfASeriesHidesIt() throws Exception {
    try (Tsdb db = open(dir)) {
      fill(db);
      db.deleteSeries(Long.MIN_VALUE, Long.MAX_VALUE, List.<Matcher[]>of(new Matcher[] {Matcher.equal("job", "c")}));
      assertThat(read(db, Long.MIN_VALUE, Long.MAX_VALUE, true)).containsOnlyKeys(A, B);
      db.cleanTombstones();
      assertThat(read(db, Long.MIN_VALUE, Long.MAX_VALUE, true)).containsOnlyKeys(A, B);
      assertThat(samplesOnDisk(db, C)).isZero();
    }
  }

  @ParameterizedTest
  @CsvSource({
      "'',            5,7,   '5,7'",
      "'1,2',         5,7,   '1,2,5,7'",
      "'5,7',         1,2,   '1,2,5,7'",
      "'1,4',         3,9,   '1,9'",
      "'1,4',         5,9,   '1,9'",   // touching integer ranges merge
      "'1,2,8,9',     3,7,   '1,9'",
      "'1,2,10,11',   4,5,   '1,2,4,5,10,11'",
      "'3,4',         1,20,  '1,20'",
  })
  void tombstoneIntervalsMerge(String existing, long mint, long maxt, String expected) {
    long[] iv = existing.isEmpty() ? null : parse(existing);
    assertThat(Tombstones.merge(iv, mint, maxt)).containsExactly(parse(expected));
  }

  private static long[] parse(String s) {
    String[] p = s.split(",");
    long[] out = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Long.parseLong(p[i].trim());
    }
    return out;
  }

  @Test
  void snapshotIsOpenableAndHoldsTheData() throws Exception {
    try (Tsdb db = open(dir)) {
      fill(db);
      db.snapshot("s1", false);
      db.snapshot("s2", true);
      Appender app = db.appender();
      app.append(0, A, SAMPLES * STEP, 1); // after the snapshots: not in them
      app.commit();
      assertThatThrownBy(() -> db.snapshot("s1", false)).isInstanceOf(StorageException.class)
          .hasMessageContaining("already exists");
      assertThatThrownBy(() -> db.snapshot("../x", false)).isInstanceOf(StorageException.class)
          .hasMessageContaining("invalid snapshot name");
    }
    for (String name : new String[] {"s1", "s2"}) {
      Path snap = dir.resolve("snapshots").resolve(name);
      assertThat(Files.isDirectory(snap)).isTrue();
      try (Tsdb copy = open(snap)) {
        Map<Labels, List<long[]>> got = read(copy, Long.MIN_VALUE, Long.MAX_VALUE, true);
        assertThat(got).containsOnlyKeys(A, B, C);
        assertThat(times(got, A)).as(name).isEqualTo(expectedWithout(1, 0)); // nothing deleted: all samples
        assertThat(got.get(C).get(SAMPLES - 1)).containsExactly((SAMPLES - 1) * STEP,
            Double.doubleToRawLongBits(SAMPLES - 1));
      }
    }
  }
}
