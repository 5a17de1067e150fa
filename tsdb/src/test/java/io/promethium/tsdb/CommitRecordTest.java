package io.promethium.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log record layout: bit-exact round trips of every value class, and reading format-2 stores. */
class CommitRecordTest {
  @TempDir Path dir;

  private static final long[] EDGE_BITS = {
      Double.doubleToRawLongBits(StaleNaN.VALUE),
      Double.doubleToRawLongBits(Double.NaN),
      0x7ff8_0000_0000_0001L, // quiet NaN with a payload
      0x7ff0_0000_0000_0001L, // signalling NaN
      0xfff8_dead_beef_0000L, // negative NaN with a payload
      Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
      Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
      Double.doubleToRawLongBits(-0.0),
      Double.doubleToRawLongBits(0.0),
      Double.doubleToRawLongBits(Double.MIN_VALUE),
      Double.doubleToRawLongBits(-Double.MIN_VALUE),
      Double.doubleToRawLongBits(Double.MAX_VALUE),
      Double.doubleToRawLongBits(-Double.MAX_VALUE),
      Double.doubleToRawLongBits(0.1),
      Double.doubleToRawLongBits(1.5),
      Double.doubleToRawLongBits(-1.0),
      Double.doubleToRawLongBits(9007199254740992.0), // 2^53
      Double.doubleToRawLongBits(9007199254740993.0), // rounds to 2^53
      Double.doubleToRawLongBits(9007199254740994.0), // 2^53 + 2
      Double.doubleToRawLongBits(-9007199254740992.0),
      Double.doubleToRawLongBits(-9007199254740994.0),
      Double.doubleToRawLongBits(0x1p61), // at the edge of the integer form
      Double.doubleToRawLongBits(0x1p61 - 512),
      Double.doubleToRawLongBits(-0x1p61),
      Double.doubleToRawLongBits(0x1p62),
      Double.doubleToRawLongBits(0x1p63),
      Double.doubleToRawLongBits(-0x1p63),
      Double.doubleToRawLongBits(1e300),
      Double.doubleToRawLongBits(Long.MAX_VALUE),
      Double.doubleToRawLongBits(Long.MIN_VALUE),
  };

  @Test
  void edgeValuesRoundTripBitExactly() {
    for (long bits : EDGE_BITS) {
      assertThat(roundTrip(bits)).as("bits %x", bits).isEqualTo(bits);
    }
  }

  @Test
  void randomValuesRoundTripBitExactly() {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      long bits = switch (i % 5) {
        case 0 -> rnd.nextLong(); // any bit pattern, NaN payloads included
        case 1 -> Double.doubleToRawLongBits((double) rnd.nextLong(-(1L << 54), 1L << 54)); // integers near 2^53
        case 2 -> Double.doubleToRawLongBits(rnd.nextInt(-1000, 1_000_000)); // counters and gauges
        case 3 -> Double.doubleToRawLongBits(rnd.nextDouble() * 1e6);
        default -> Double.doubleToRawLongBits((double) rnd.nextLong()); // large integers, beyond 2^61 too
      };
      assertThat(roundTrip(bits)).as("bits %x", bits).isEqualTo(bits);
    }
  }

  @Test
  void integersTakeFewBytesOthersNine() {
    assertThat(encodedLength(Double.doubleToRawLongBits(0.0))).isEqualTo(1);
    assertThat(encodedLength(Double.doubleToRawLongBits(31))).isEqualTo(1);
    assertThat(encodedLength(Double.doubleToRawLongBits(-32))).isEqualTo(1);
    assertThat(encodedLength(Double.doubleToRawLongBits(4095))).isEqualTo(2);
    assertThat(encodedLength(Double.doubleToRawLongBits(1_000_000))).isEqualTo(4);
    assertThat(encodedLength(Double.doubleToRawLongBits(-0.0))).isEqualTo(9);
    assertThat(encodedLength(Double.doubleToRawLongBits(StaleNaN.VALUE))).isEqualTo(9);
    assertThat(encodedLength(Double.doubleToRawLongBits(0.5))).isEqualTo(9);
  }

  @Test
  void recordsRoundTripRefsTimesAndValues() {
    SplittableRandom rnd = new SplittableRandom(11);
    CommitRecord.Encoder enc = new CommitRecord.Encoder();
    for (int round = 0; round < 200; round++) {
      int n = rnd.nextInt(0, 300);
      int[] refs = new int[n];
      long[] ts = new long[n];
      long[] vs = new long[n];
      enc.reset();
      for (int i = 0; i < n; i++) {
        refs[i] = i % 7 == 0 ? rnd.nextInt(1, Integer.MAX_VALUE) : rnd.nextInt(1, 100);
        ts[i] = i % 5 == 0 ? rnd.nextLong() : 1_700_000_000_000L + rnd.nextInt(-5000, 5000);
        vs[i] = i % 3 == 0 ? EDGE_BITS[rnd.nextInt(EDGE_BITS.length)] : Double.doubleToRawLongBits(rnd.nextInt(10_000));
        enc.add(refs[i], ts[i], vs[i]);
      }
      CommitRecord.Decoder dec = new CommitRecord.Decoder(enc.toArray(), CommitRecord.FORMAT_V3);
      for (int i = 0; i < n; i++) {
        assertThat(dec.next()).isTrue();
        assertThat(dec.ref()).isEqualTo(refs[i]);
        assertThat(dec.t()).isEqualTo(ts[i]);
        assertThat(dec.vbits()).isEqualTo(vs[i]);
      }
      assertThat(dec.next()).isFalse();
    }
  }

  @Test
  void unknownValueTagIsCorruption() {
    StoreCodec.ByteWriter w = new StoreCodec.ByteWriter(16);
    w.zigzag(5);
    w.zigzag(1000);
    w.uvarint(3); // odd tags other than 1 are not defined
    CommitRecord.Decoder dec = new CommitRecord.Decoder(w.toArray(), CommitRecord.FORMAT_V3);
    assertThatThrownBy(dec::next).isInstanceOf(StorageException.class).hasMessageContaining("unknown value tag");
  }

  /**
   * A store written by the previous format (version 2: {@code varint ref, zigzag Δt, 8-byte value})
   * is replayed with that layout, then upgraded: its log is checkpointed away before the version
   * becomes 3, so old records are never read as new ones.
   */
  @Test
  void formatTwoStoreIsReplayedAndUpgraded() throws Exception {
    Labels labels = Labels.of("__name__", "old_format", "job", "x");
    long ref;
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      Appender app = db.appender();
      ref = app.append(0, labels, 1000, 1.0);
      app.commit();
    }
    long[] bits = {Double.doubleToRawLongBits(2.0), Double.doubleToRawLongBits(StaleNaN.VALUE),
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(123456789.25)};
    try (RocksStore store = new RocksStore(dir)) {
      long start = StoreCodec.getLong(store.db.get(store.meta, "logStart".getBytes()), 0);
      StoreCodec.ByteWriter w = new StoreCodec.ByteWriter(64);
      long prevT = 0;
      for (int i = 0; i < bits.length; i++) {
        long t = 2000 + i * 1000L;
        w.uvarint(ref);
        w.zigzag(t - prevT);
        w.int64(bits[i]);
        prevT = t;
      }
      store.db.put(store.log, StoreCodec.seqKey(start), w.toArray());
      store.db.put(store.meta, "formatVersion".getBytes(), new byte[] {2});
    }
    for (int open = 0; open < 2; open++) {
      try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
        List<long[]> samples = TsdbTestSupport.read(db, Long.MIN_VALUE, Long.MAX_VALUE, false,
            Matcher.equal("__name__", "old_format")).get(labels);
        assertThat(samples).hasSize(5 + open); // plus what the previous open appended
        assertThat(samples.get(0)).containsExactly(1000, Double.doubleToRawLongBits(1.0));
        for (int i = 0; i < bits.length; i++) {
          assertThat(samples.get(i + 1)).containsExactly(2000 + i * 1000L, bits[i]);
        }
        if (open == 1) {
          assertThat(samples.get(5)).containsExactly(10_000, Double.doubleToRawLongBits(7.0));
        }
        assertThat(db.store.db.get(db.store.meta, "formatVersion".getBytes())).containsExactly(3);
        Appender app = db.appender();
        app.append(ref, null, 10_000 + open, 7.0); // new records in format 3 next to the upgraded data
        app.commit();
      }
    }
  }

  @Test
  void unknownFormatVersionIsRejectedByName() throws Exception {
    try (Tsdb db = Tsdb.open(TsdbOptions.of(dir).withCheckpointInterval(0))) {
      assertThat(db.totalSeries()).isZero();
    }
    try (RocksStore store = new RocksStore(dir)) {
      store.db.put(store.meta, "formatVersion".getBytes(), new byte[] {9});
    }
    assertThatThrownBy(() -> Tsdb.open(TsdbOptions.of(dir)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("unsupported storage format version 9")
        .hasMessageContaining(dir.toString());
  }

  private static long roundTrip(long bits) {
    StoreCodec.ByteWriter w = new StoreCodec.ByteWriter(16);
    CommitRecord.putValue(w, bits);
    StoreCodec.ByteReader r = new StoreCodec.ByteReader(w.toArray());
    long back = CommitRecord.getValue(r);
    assertThat(r.hasMore()).isFalse();
    return back;
  }

  private static int encodedLength(long bits) {
    StoreCodec.ByteWriter w = new StoreCodec.ByteWriter(16);
    CommitRecord.putValue(w, bits);
    return w.length();
  }
}
