package io.promethium.tsdb;

import io.promethium.tsdb.index.PostingsBuilder;
import java.util.Arrays;
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

  SeriesRangeLoad(int fromRef, int toRef) {
    this.fromRef = fromRef;
    this.toRef = toRef;
  }

  /**
   * Reads the range; symbol ids are checked against {@code byId} (the loaded symbol table) and
   * {@code symbolKeys}, one hash contribution per loaded symbol ({@link Labels#symbolHashKey}).
   */
  SeriesRangeLoad run(Tsdb db, String[] byId, long[] symbolKeys) {
    int[] ids = new int[64];
    // A one-off pass: its blocks would only push useful ones out of the (small) block cache.
    try (ReadOptions ro = new ReadOptions().setFillCache(false);
        RocksIterator it = db.store.db.newIterator(db.store.series, ro)) {
      // The first range starts at the first key, so a corrupt key below ref 0 is still met.
      if (fromRef == 0) {
        it.seekToFirst();
      } else {
        it.seek(StoreCodec.refKey(fromRef));
      }
      for (; it.isValid(); it.next()) {
        int ref = StoreCodec.refFromKey(it.key());
        if (ref >= toRef) {
          break;
        }
        byte[] record = it.value();
        ids = StoreCodec.decodeLabelIds(record, ids);
        int n = ids[0];
        for (int i = 1; i <= n; i++) {
          int id = ids[i];
          if (id < 0 || id >= symbolKeys.length || byId[id] == null) {
            throw new StorageException("corrupt storage at " + db.options.path() + ": series " + ref + " uses unknown symbol " + id);
          }
        }
        if (count == refs.length) {
          refs = Arrays.copyOf(refs, count * 2);
          records = Arrays.copyOf(records, count * 2);
          hashes = Arrays.copyOf(hashes, count * 2);
        }
        refs[count] = ref;
        records[count] = record;
        hashes[count] = Labels.hashOfKeys(symbolKeys, ids, 1, n);
        count++;
        postings.add(ref, ids, 1, n);
      }
      db.checkIterator(it, "series");
    }
    postings.seal();
    return this;
  }
}
