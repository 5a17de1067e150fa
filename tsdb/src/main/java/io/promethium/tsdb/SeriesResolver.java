package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Finds head series by label set or ref: creates (interns, indexes) new series and brings
 * series evicted from the head back, their last persisted sample guarding ordering.
 */
final class SeriesResolver {
  private final Tsdb db;

  SeriesResolver(Tsdb db) {
    this.db = db;
  }

  /** The series with these labels, created (and indexed) when new. */
  MemSeries getOrCreate(Labels labels) {
    if (labels == null) {
      throw new InvalidLabelsException("empty labelset: invalid sample");
    }
    synchronized (db.table) {
      int ref = db.table.find(labels.hash(), r -> labels.equals(labelsOf(r)));
      if (ref != 0) {
        MemSeries s = db.table.get(ref);
        return s != null ? s : revive(ref, loadRecord(ref));
      }
      LabelSetValidator.validate(labels);
      String[] nv = new String[labels.size() * 2];
      for (int i = 0; i < labels.size(); i++) {
        nv[2 * i] = db.symbols.intern(labels.name(i));
        nv[2 * i + 1] = db.symbols.intern(labels.value(i));
      }
      Labels interned = Labels.wrapSorted(nv);
      ref = db.nextRef++;
      MemSeries s = new MemSeries(ref, StoreCodec.encodeLabels(interned, db.symbols));
      db.table.addRef(interned.hash(), ref);
      db.table.putHead(s);
      db.index.add(ref, interned);
      db.seriesCreated.increment();
      return s;
    }
  }

  /** The head series for a ref, bringing an evicted series back; null for unknown refs. */
  MemSeries getOrRevive(long ref) {
    if (ref <= 0 || ref > Integer.MAX_VALUE) {
      return null;
    }
    MemSeries s = db.table.get((int) ref);
    if (s != null) {
      return s;
    }
    synchronized (db.table) {
      s = db.table.get((int) ref);
      if (s != null) {
        return s;
      }
      if (ref >= db.nextRef) {
        return null;
      }
      byte[] record = loadRecord((int) ref);
      return record == null ? null : revive((int) ref, record);
    }
  }

  Labels labelsOf(int ref) {
    MemSeries s = db.table.get(ref);
    return s != null ? labelsOf(s) : loadLabels(ref);
  }

  /** A head series' labels, with the symbol table's (interned) strings. */
  Labels labelsOf(MemSeries s) {
    return StoreCodec.decodeLabels(recordOf(s), db.symbols);
  }

  /** A head series' record, read from disk the first time after a start from an index snapshot. */
  byte[] recordOf(MemSeries s) {
    byte[] r = s.labelRecord;
    if (r == null) {
      r = db.reading(() -> loadRecordOpen(s.ref));
      if (r == null) {
        throw new StorageException("corrupt storage at " + db.options.path() + ": series " + s.ref + " has no record");
      }
      s.labelRecord = r;
    }
    return r;
  }

  /**
   * Reads the records of head series started without one (see {@link MemSeries#labelRecord}):
   * one pass over the {@code series} family, run on a background thread once the store is open.
   */
  void loadMissingRecords() {
    long started = System.nanoTime();
    int filled = db.reading(() -> {
      int n = 0;
      try (org.rocksdb.ReadOptions ro = new org.rocksdb.ReadOptions().setFillCache(false);
          RocksIterator it = db.store.db.newIterator(db.store.series, ro)) {
        for (it.seekToFirst(); it.isValid() && !db.closed; it.next()) {
          MemSeries s = db.table.get(StoreCodec.refFromKey(it.key()));
          if (s != null && s.labelRecord == null) {
            s.labelRecord = it.value();
            n++;
          }
        }
        db.checkIterator(it, "series");
      }
      return n;
    });
    org.slf4j.LoggerFactory.getLogger(SeriesResolver.class).info(
        "msg=\"TSDB series records loaded\" path={} series={} duration_ms={}", db.options.path(), filled,
        (System.nanoTime() - started) / 1_000_000);
  }

  Labels loadLabels(int ref) {
    return db.closed ? null : db.reading(() -> loadLabelsOpen(ref));
  }

  Labels loadLabelsOpen(int ref) {
    byte[] v = loadRecordOpen(ref);
    return v == null ? null : StoreCodec.decodeLabels(v, db.symbols);
  }

  /** The series' record on disk (its label set as symbol ids), or null. */
  byte[] loadRecord(int ref) {
    return db.closed ? null : db.reading(() -> loadRecordOpen(ref));
  }

  byte[] loadRecordOpen(int ref) {
    try {
      return db.store.db.get(db.store.series, StoreCodec.refKey(ref));
    } catch (RocksDBException e) {
      throw new StorageException("reading series " + ref + " at " + db.options.path() + ": " + e.getMessage(), e);
    }
  }

  /** Brings a persisted series back into the head; its last sample on disk guards ordering. */
  MemSeries revive(int ref, byte[] labelRecord) {
    MemSeries s = new MemSeries(ref, labelRecord);
    s.persisted = true;
    byte[] last = lastDiskChunk(ref);
    if (last != null) {
      SampleIterator it = XorChunk.iterator(last, 8, last.length - 8);
      while (it.next()) {
        s.lastT = it.t();
        s.hasSamples = true;
        s.lastVBits = Double.doubleToRawLongBits(it.v());
      }
    }
    db.table.putHead(s);
    return s;
  }

  /** The newest persisted chunk value of a series, searching partitions from the newest down. */
  byte[] lastDiskChunk(int ref) {
    return db.reading(() -> lastDiskChunkOpen(ref));
  }

  byte[] lastDiskChunkOpen(int ref) {
    long lo = db.diskMinPartition;
    long hi = db.diskMaxPartition;
    if (lo > hi) {
      return null;
    }
    try (RocksIterator it = db.store.db.newIterator(db.store.chunks)) {
      for (long p = hi; p >= lo && p != Long.MIN_VALUE; p--) {
        it.seekForPrev(StoreCodec.chunkKey(p, ref, Long.MAX_VALUE));
        if (it.isValid()) {
          byte[] k = it.key();
          if (StoreCodec.chunkKeyPartition(k) == p && StoreCodec.chunkKeyRef(k) == ref) {
            return it.value();
          }
          if (StoreCodec.chunkKeyPartition(k) < lo) {
            break;
          }
          // Jump straight to the partition of the key we landed on (skips empty partitions).
          p = Math.min(p, StoreCodec.chunkKeyPartition(k) + 1);
        } else {
          break;
        }
      }
      db.checkIterator(it, "chunks");
    }
    return null;
  }
}
