package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import java.util.concurrent.atomic.AtomicInteger;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Reads the head chunk snapshots at start, in parts of the ref space that the threads working on
 * it take in turn: a reader starts with the open, and the opening thread joins it once the series
 * are loaded (decoding 300k snapshots is the longest pass of a start after a crash).
 */
final class HeadSnapshotLoad {
  /** Snapshots read from one part, by position: {@code refs[i]} owns {@code chunks[i]}. */
  record Part(int[] refs, XorChunk[] chunks, int count) {}

  private final Tsdb db;
  private final int[] bounds;
  private final Part[] parts;
  private final AtomicInteger next = new AtomicInteger();

  /** Parts for refs up to {@code maxRef}; one for a small store. */
  HeadSnapshotLoad(Tsdb db, int maxRef) {
    this.db = db;
    int n = maxRef < 50_000 ? 1 : 8;
    bounds = new int[n + 1];
    long width = ((long) maxRef + n) / n;
    for (int i = 1; i < n; i++) {
      bounds[i] = (int) (i * width);
    }
    bounds[n] = Integer.MAX_VALUE;
    parts = new Part[n];
  }

  /** Reads parts until none is left to take. */
  HeadSnapshotLoad work() {
    for (int i = next.getAndIncrement(); i < parts.length; i = next.getAndIncrement()) {
      parts[i] = read(bounds[i], bounds[i + 1]);
    }
    return this;
  }

  /** The parts read; complete once every thread's {@link #work()} has returned. */
  Part[] parts() {
    return parts;
  }

  private Part read(int fromRef, int toRef) {
    int[] refs = new int[1024];
    XorChunk[] chunks = new XorChunk[1024];
    int n = 0;
    try (ReadOptions ro = new ReadOptions().setFillCache(false);
        RocksIterator it = db.store.db.newIterator(db.store.head, ro)) {
      for (StoreCodec.seekRef(it, fromRef); it.isValid(); it.next()) {
        int ref = StoreCodec.refFromKey(it.key());
        if (ref >= toRef) {
          break;
        }
        if (n == refs.length) {
          refs = java.util.Arrays.copyOf(refs, n * 2);
          chunks = java.util.Arrays.copyOf(chunks, n * 2);
        }
        refs[n] = ref;
        byte[] v = it.value();
        chunks[n++] = XorChunk.fromBytes(v, 0, v.length);
      }
      db.checkIterator(it, "head");
    }
    return new Part(refs, chunks, n);
  }
}
