package io.promethium.tsdb;

import io.promethium.tsdb.index.PostingsBuilder;
import io.promethium.tsdb.index.PostingsSnapshot;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * One range of refs of the series family read at start: each record, its label hash and its
 * postings. Ranges are read on separate threads (the scan, the decoding and the postings are
 * most of a start after a crash, and independent per series) and combined in ref order by
 * {@link StoreRecovery}.
 */
final class SeriesRangeLoad {
  final int fromRef;
  final int toRef; // exclusive
  int count;
  int[] refs = new int[1024];
  byte[][] records = new byte[1024][];
  long[] hashes = new long[1024];
  final PostingsBuilder postings = new PostingsBuilder();
  /** Refs the snapshot describes but that are gone or whose record changed. */
  final org.roaringbitmap.RoaringBitmap stale = new org.roaringbitmap.RoaringBitmap();
  /** Series taken from the snapshot as they were (the rest were decoded and indexed). */
  int fromSnapshot;
  private int[] ids = new int[64];

  SeriesRangeLoad(int fromRef, int toRef) {
    this.fromRef = fromRef;
    this.toRef = toRef;
  }

  /**
   * Reads the range; symbol ids are checked against {@code byId} (the loaded symbol table) and
   * {@code symbolKeys}, one hash contribution per loaded symbol ({@link Labels#symbolHashKey}).
   * A series whose record has the checksum {@code snapshot} (may be null) recorded takes its hash
   * and postings from there.
   */
  SeriesRangeLoad run(Tsdb db, String[] byId, long[] symbolKeys, PostingsSnapshot snapshot) {
    int[] snapRefs = snapshot == null ? new int[0] : snapshot.refs();
    int next = snapshot == null ? 0 : snapshot.lowerBound(fromRef);
    int end = snapshot == null ? 0 : snapshot.lowerBound(toRef);
    CRC32C crc = new CRC32C();
    // A one-off pass: its blocks would only push useful ones out of the (small) block cache.
    try (ReadOptions ro = new ReadOptions().setFillCache(false);
        RocksIterator it = db.store.db.newIterator(db.store.series, ro)) {
      for (StoreCodec.seekRef(it, fromRef); it.isValid(); it.next()) {
        int ref = StoreCodec.refFromKey(it.key());
        if (ref >= toRef) {
          break;
        }
        byte[] record = it.value();
        if (next < end) {
          while (next < end && snapRefs[next] < ref) {
            stale.add(snapRefs[next++]);
          }
          if (next < end && snapRefs[next] == ref) {
            crc.reset();
            crc.update(record, 0, record.length);
            int at = next++;
            if ((int) crc.getValue() == snapshot.checksums()[at]) {
              add(ref, record, snapshot.hashes()[at]);
              fromSnapshot++;
              continue;
            }
            stale.add(ref);
          }
        }
        index(db, ref, record, byId, symbolKeys);
      }
      db.checkIterator(it, "series");
    }
    while (next < end) {
      stale.add(snapRefs[next++]);
    }
    postings.seal();
    return this;
  }

  /** Adds a series read from disk: checks, hashes and indexes its record. */
  void index(Tsdb db, int ref, byte[] record, String[] byId, long[] symbolKeys) {
    ids = decodeChecked(db, ref, record, ids, byId, symbolKeys);
    int n = ids[0];
    add(ref, record, Labels.hashOfKeys(symbolKeys, ids, 1, n));
    postings.add(ref, ids, 1, n);
  }

  private void add(int ref, byte[] record, long hash) {
    if (count == refs.length) {
      refs = Arrays.copyOf(refs, count * 2);
      records = Arrays.copyOf(records, count * 2);
      hashes = Arrays.copyOf(hashes, count * 2);
    }
    refs[count] = ref;
    records[count] = record;
    hashes[count] = hash;
    count++;
  }

  /**
   * The record's symbol ids ({@code ids[0]} = count, then name and value ids alternately; a new
   * array when {@code ids} is too small), each checked to be a loaded symbol.
   */
  static int[] decodeChecked(Tsdb db, int ref, byte[] record, int[] ids, String[] byId, long[] symbolKeys) {
    ids = StoreCodec.decodeLabelIds(record, ids);
    for (int i = 1, n = ids[0]; i <= n; i++) {
      int id = ids[i];
      if (id < 0 || id >= symbolKeys.length || byId[id] == null) {
        throw new StorageException("corrupt storage at " + db.options.path() + ": series " + ref + " uses unknown symbol " + id);
      }
    }
    return ids;
  }

  /** Each loaded symbol's hash contribution ({@link Labels#symbolHashKey}), by id. */
  static long[] symbolKeys(String[] byId, int symbolCount) {
    long[] keys = new long[symbolCount];
    for (int i = 0; i < symbolCount; i++) {
      if (byId[i] != null) {
        keys[i] = Labels.symbolHashKey(byId[i]);
      }
    }
    return keys;
  }
}
