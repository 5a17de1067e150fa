package io.promethium.tsdb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Deleted time ranges per series, as Prometheus's tombstones: queries hide the samples they cover
 * at once, {@link Tsdb#cleanTombstones()} later removes the data and the tombstones. Each value is
 * a sorted array of disjoint closed intervals {@code [min0, max0, min1, max1, ...]}, replaced (never
 * mutated) on change so readers need no lock. Persisted in the {@code tombstones} family.
 */
final class Tombstones {
  private final Map<Integer, long[]> byRef = new ConcurrentHashMap<>();

  boolean isEmpty() {
    return byRef.isEmpty();
  }

  /** The intervals of a series, or null. */
  long[] get(int ref) {
    return byRef.isEmpty() ? null : byRef.get(ref);
  }

  Map<Integer, long[]> snapshot() {
    return Map.copyOf(byRef);
  }

  void load(RocksStore store, java.util.function.Consumer<RocksIterator> check) {
    try (RocksIterator it = store.db.newIterator(store.tombstones)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] v = it.value();
        long[] iv = new long[v.length / 8];
        for (int i = 0; i < iv.length; i++) {
          iv[i] = StoreCodec.getLong(v, i * 8);
        }
        byRef.put(StoreCodec.refFromKey(it.key()), iv);
      }
      check.accept(it);
    }
  }

  /** Adds {@code [mint, maxt]} to every series in {@code refs}, durably, then makes it visible. */
  synchronized void add(RocksStore store, int[] refs, long mint, long maxt) throws RocksDBException {
    long[][] merged = new long[refs.length][];
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < refs.length; i++) {
        merged[i] = merge(byRef.get(refs[i]), mint, maxt);
        batch.put(store.tombstones, StoreCodec.refKey(refs[i]), encode(merged[i]));
      }
      store.db.write(store.writeOptions, batch);
    }
    for (int i = 0; i < refs.length; i++) {
      byRef.put(refs[i], merged[i]);
    }
  }

  /** Removes the tombstones in {@code cleaned} that nobody extended since they were read. */
  synchronized void removeCleaned(RocksStore store, Map<Integer, long[]> cleaned) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (Map.Entry<Integer, long[]> e : cleaned.entrySet()) {
        if (byRef.get(e.getKey()) == e.getValue()) {
          batch.delete(store.tombstones, StoreCodec.refKey(e.getKey()));
        }
      }
      store.db.write(store.writeOptions, batch);
    }
    for (Map.Entry<Integer, long[]> e : cleaned.entrySet()) {
      byRef.remove(e.getKey(), e.getValue());
    }
  }

  /** Forgets series whose data is gone entirely. */
  synchronized void forget(org.roaringbitmap.RoaringBitmap refs) {
    if (!byRef.isEmpty()) {
      byRef.keySet().removeIf(refs::contains);
    }
  }

  /** Whether {@code t} lies in one of the intervals. */
  static boolean covers(long[] iv, long t) {
    for (int i = 0; i < iv.length; i += 2) {
      if (t < iv[i]) {
        return false;
      }
      if (t <= iv[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Whether any interval overlaps {@code [mint, maxt]}. */
  static boolean overlaps(long[] iv, long mint, long maxt) {
    for (int i = 0; i < iv.length; i += 2) {
      if (iv[i] <= maxt && iv[i + 1] >= mint) {
        return true;
      }
    }
    return false;
  }

  /** The union of sorted disjoint intervals and {@code [mint, maxt]}, merging touching ones. */
  static long[] merge(long[] iv, long mint, long maxt) {
    if (iv == null) {
      return new long[] {mint, maxt};
    }
    long[] out = new long[iv.length + 2];
    int n = 0;
    boolean placed = false;
    for (int i = 0; i <= iv.length; i += 2) {
      long lo;
      long hi;
      if (!placed && (i == iv.length || mint < iv[i])) {
        lo = mint;
        hi = maxt;
        placed = true;
        i -= 2; // revisit interval i after placing the new one
      } else if (i < iv.length) {
        lo = iv[i];
        hi = iv[i + 1];
      } else {
        break;
      }
      if (n > 0 && (out[n - 1] == Long.MAX_VALUE || lo <= out[n - 1] + 1)) {
        out[n - 1] = Math.max(out[n - 1], hi);
      } else {
        out[n++] = lo;
        out[n++] = hi;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static byte[] encode(long[] iv) {
    byte[] b = new byte[iv.length * 8];
    for (int i = 0; i < iv.length; i++) {
      StoreCodec.putLong(b, i * 8, iv[i]);
    }
    return b;
  }
}
