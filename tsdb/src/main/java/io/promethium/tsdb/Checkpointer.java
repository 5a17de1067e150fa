package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints: snapshots changed open chunks into the {@code head} family, moves idle series out
 * of the head, moves the log start and truncates the log, so a restart replays at most one
 * interval. Also the periodic maintenance task (checkpoint, retention, index snapshot).
 */
final class Checkpointer {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
  private final Tsdb db;

  Checkpointer(Tsdb db) {
    this.db = db;
  }

  /** Series evicted per hold of the commit lock. */
  private static final int EVICT_GROUP = 1024;

  /** Head snapshots per write batch (bounds the batch's memory at millions of series). */
  private static final int SNAPSHOT_BATCH = 8192;

  /**
   * The periodic task: a checkpoint, retention, then the index snapshot when due; failures are
   * logged and retried next time.
   */
  void maintain() {
    try {
      checkpoint();
      db.applyRetention();
      db.indexSnapshots.maintain();
    } catch (RuntimeException e) {
      LOG.error("msg=\"TSDB maintenance failed\" path={} err=\"{}\"", db.options.path(), e.toString(), e);
    }
  }

  /**
   * Snapshots changed open chunks, moves idle series out of the head (their chunks to disk), and
   * truncates the append log. Runs periodically and on close; safe to call any time.
   *
   * <p>Commits are blocked only for short steps, never for the pass over all series: the log
   * watermark (the next commit sequence) is taken under the commit lock; every commit before it is
   * then fully applied to the head, so snapshots taken afterwards (concurrently with commits, see
   * {@link XorChunk#snapshotBytes()}) hold at least its samples. Samples of later commits a snapshot
   * happens to include are skipped on replay (replay is idempotent), and a snapshot of a chunk cut
   * meanwhile is harmless: the cut chunk is on disk and its successor's samples are all in the log
   * from the watermark on. Idle series are evicted in small groups under the lock. Only once all
   * snapshots are written does the log start move to the watermark.
   */
  void checkpoint() {
    long watermark;
    db.checkpointLock.lock();
    try {
      if (db.writeFailures.writeFailure != null) {
        db.writeFailures.recoverWrites();
      }
      MemSeries[] heads;
      long idleBefore;
      db.commitLock.lock();
      try {
        if (db.closed) {
          return;
        }
        if (!db.commits.unwrittenChunks.isEmpty()) {
          db.commits.writeClosedChunks(new ArrayList<>());
          if (!db.commits.unwrittenChunks.isEmpty()) {
            throw new StorageException("checkpoint: " + db.writeFailures.writeFailure.getMessage(), db.writeFailures.writeFailure);
          }
        }
        watermark = db.nextLogSeq;
        heads = db.table.headArray();
        idleBefore = db.headMaxT == Long.MIN_VALUE ? Long.MIN_VALUE : db.headMaxT - db.options.headIdleTime();
        db.minTSinceWatermark = Long.MAX_VALUE;
      } finally {
        db.commitLock.unlock();
      }
      Runnable hook = db.checkpointHook;
      if (hook != null) {
        hook.run();
      }
      List<MemSeries> idle = new ArrayList<>();
      boolean[] skipped = new boolean[1];
      long newHeadMinT = snapshotHead(heads, idleBefore, idle, skipped);
      for (int from = 0; from < idle.size(); from += EVICT_GROUP) {
        newHeadMinT = Math.min(newHeadMinT, evict(idle, from, Math.min(idle.size(), from + EVICT_GROUP), idleBefore));
      }
      db.commitLock.lock();
      try {
        db.ensureOpen();
        if (skipped[0] || !db.commits.unwrittenChunks.isEmpty()) {
          // A series' cut chunk was not (yet) written: its new chunk was not snapshotted and its
          // samples before the watermark exist only in the log, which must stay.
          return;
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(db.store.meta, StoreCodec.META_LOG_START, longBytes(watermark));
          int symbolsUpTo = db.commits.putNewSymbols(batch);
          db.store.db.write(db.store.writeOptions, batch);
          db.symbols.markPersisted(symbolsUpTo);
        }
        // The head only holds open chunks after a checkpoint: those seen now and any begun since.
        db.headMinT = Math.min(newHeadMinT, db.minTSinceWatermark);
      } catch (RocksDBException e) {
        throw db.writeFailures.failWrites("checkpoint", e);
      } finally {
        db.commitLock.unlock();
      }
      try {
        truncateLog(watermark); // commits only write at or after the watermark
      } catch (RocksDBException e) {
        throw db.writeFailures.failWrites("checkpoint", e);
      }
    } finally {
      db.checkpointLock.unlock();
    }
    compactLog(watermark);
    db.reading(() -> {
      try {
        db.store.flushAll();
      } catch (RocksDBException e) {
        throw db.writeFailures.failWrites("checkpoint", e);
      }
      return null;
    });
  }

  /**
   * Writes snapshots of changed open chunks without the commit lock; collects idle series.
   * Returns the smallest open-chunk start seen.
   */
  long snapshotHead(MemSeries[] heads, long idleBefore, List<MemSeries> idle, boolean[] skipped) {
    long newHeadMinT = Long.MAX_VALUE;
    MemSeries[] pending = new MemSeries[SNAPSHOT_BATCH];
    XorChunk[] pendingChunks = new XorChunk[SNAPSHOT_BATCH];
    int[] pendingCounts = new int[SNAPSHOT_BATCH];
    int np = 0;
    Runnable snapHook = db.snapshotHook;
    WriteBatch batch = new WriteBatch();
    try {
      for (MemSeries s : heads) {
        if (s == null) {
          continue;
        }
        XorChunk c = s.chunk;
        if (c == null || s.lastT < idleBefore) {
          idle.add(s); // re-checked under the lock before it leaves the head
          continue;
        }
        XorChunk closing = s.closing;
        if (closing != null) {
          // The chunk before c is not written yet: writing c's snapshot now would replace the
          // one that holds the older chunk's samples (and its write deletes the snapshot key).
          // Usually a commit cutting chunks right now; after a failed chunk write, until written.
          skipped[0] = true;
          newHeadMinT = Math.min(newHeadMinT, closing.minTime());
          continue;
        }
        byte[] bytes = c.snapshotBytes();
        int count = XorChunk.sampleCount(bytes, 0);
        if (count == 0) {
          continue; // just cut, first sample not yet published: its commit is after the watermark
        }
        newHeadMinT = Math.min(newHeadMinT, c.minTime());
        if (c == s.checkpointedChunk && count == s.checkpointedSamples) {
          continue;
        }
        batch.put(db.store.head, StoreCodec.refKey(s.ref), bytes);
        if (np == 0 && snapHook != null) {
          snapHook.run();
          snapHook = null;
        }
        pending[np] = s;
        pendingChunks[np] = c;
        pendingCounts[np] = count;
        np++;
        if (np == SNAPSHOT_BATCH) {
          writeSnapshots(batch, pending, pendingChunks, pendingCounts, np);
          batch.close();
          batch = new WriteBatch();
          np = 0;
        }
      }
      writeSnapshots(batch, pending, pendingChunks, pendingCounts, np);
    } catch (RocksDBException e) {
      throw db.writeFailures.failWrites("checkpoint", e);
    } finally {
      batch.close();
    }
    return newHeadMinT;
  }

  void writeSnapshots(WriteBatch batch, MemSeries[] series, XorChunk[] chunks, int[] counts, int n)
      throws RocksDBException {
    if (n == 0) {
      return;
    }
    db.reading(() -> {
      try {
        db.store.db.write(db.store.writeOptions, batch);
      } catch (RocksDBException e) {
        throw db.writeFailures.failWrites("checkpoint", e);
      }
      return null;
    });
    for (int i = 0; i < n; i++) {
      series[i].checkpointedChunk = chunks[i];
      series[i].checkpointedSamples = counts[i];
      series[i] = null;
      chunks[i] = null;
    }
  }

  /**
   * Moves idle series {@code [from, to)} of the list out of the head, under the commit lock.
   * Returns the smallest chunk start of those that stay (written to since the scan).
   */
  long evict(List<MemSeries> idle, int from, int to, long idleBefore) {
    List<MemSeries> evicted = new ArrayList<>(to - from);
    long staying = Long.MAX_VALUE;
    db.commitLock.lock();
    try {
      db.ensureOpen();
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = from; i < to; i++) {
          MemSeries s = idle.get(i);
          XorChunk c = s.chunk;
          if (db.table.get(s.ref) != s) {
            continue; // already replaced by a revived copy, seen by the next checkpoint
          }
          if (c != null && s.lastT >= idleBefore) {
            staying = Math.min(staying, c.minTime()); // written to since the scan
            continue;
          }
          // Idle or empty: its data lives on disk from now on; it comes back on its next sample.
          if (!s.persisted) {
            db.commits.putSeries(batch, s);
          }
          if (c != null) {
            db.commits.putChunk(batch, s.ref, c);
          }
          batch.delete(db.store.head, StoreCodec.refKey(s.ref));
          batch.put(db.store.lastTime, StoreCodec.refKey(s.ref), longBytes(s.lastT));
          evicted.add(s);
        }
        if (evicted.isEmpty()) {
          return staying;
        }
        int symbolsUpTo = db.commits.putNewSymbols(batch);
        db.store.db.write(db.store.writeOptions, batch);
        db.symbols.markPersisted(symbolsUpTo);
      } catch (RocksDBException e) {
        throw db.writeFailures.failWrites("checkpoint", e);
      }
      synchronized (db.table) {
        for (MemSeries s : evicted) {
          s.persisted = true;
          db.table.removeHead(s.ref);
        }
      }
      db.seriesEvicted.add(evicted.size());
    } finally {
      db.commitLock.unlock();
    }
    return staying;
  }

  /**
   * Removes log records before {@code seq}: whole SST files in the range are dropped at once (the
   * log is written in key order, so almost all of them are), a range tombstone covers the rest.
   */
  void truncateLog(long seq) throws RocksDBException {
    byte[] from = StoreCodec.seqKey(0);
    byte[] to = StoreCodec.seqKey(seq);
    db.store.db.deleteRange(db.store.log, from, to);
    db.store.db.deleteFilesInRanges(db.store.log, List.of(from, to), false);
  }

  /** Rewrites what truncation left behind (level-0 files are never dropped by file deletion). */
  void compactLog(long seq) {
    try {
      db.store.db.compactRange(db.store.log, StoreCodec.seqKey(0), StoreCodec.seqKey(seq));
    } catch (RocksDBException e) {
      throw new StorageException("compacting the append log at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
  }

  static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    StoreCodec.putLong(b, 0, v);
    return b;
  }
}
