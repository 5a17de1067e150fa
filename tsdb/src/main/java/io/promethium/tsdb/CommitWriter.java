package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path: makes a transaction durable (one write batch: the log record, new series and
 * symbols), then visible (applied to open chunks under the visibility lock), and writes the chunks
 * the commit cut.
 */
final class CommitWriter {
  private static final Logger LOG = LoggerFactory.getLogger(CommitWriter.class);
  private final Tsdb db;
  /** The record being built; reused by every commit (under the commit lock). */
  private final CommitRecord.Encoder logRecord = new CommitRecord.Encoder();
  /** Chunks cut by applied commits whose write failed; written before anything else. Commit lock. */
  final List<ClosedChunk> unwrittenChunks = new ArrayList<>();

  CommitWriter(Tsdb db) {
    this.db = db;
  }

  /** Makes a transaction durable, then visible. Called by {@link TsdbAppender#commit()}. */
  void commit(int[] refs, long[] ts, long[] vbits, int n) {
    if (n == 0) {
      return;
    }
    if (db.writeFailures.writeFailure != null) {
      db.writeFailures.recoverWrites();
    }
    List<ClosedChunk> closed = new ArrayList<>();
    db.commitLock.lock();
    try {
      db.ensureOpen();
      CommitRecord.Encoder rec = logRecord;
      rec.reset();
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < n; i++) {
          MemSeries s = db.getOrRevive(refs[i]);
          if (s == null) {
            throw new StorageException("unknown series ref " + refs[i]);
          }
          if (!s.persisted) {
            putSeries(batch, s);
          }
          rec.add(refs[i], ts[i], vbits[i]);
        }
        batch.put(db.store.log, StoreCodec.seqKey(db.nextLogSeq), rec.toArray());
        int symbolsUpTo = putNewSymbols(batch);
        db.store.db.write(db.store.writeOptions, batch);
        db.symbols.markPersisted(symbolsUpTo);
      } catch (RocksDBException e) {
        // Nothing of this commit is applied; a torn record is dropped when the WAL is recovered,
        // and a whole one is deleted by recoverWrites() (its sequence number is reused).
        throw db.writeFailures.failWrites("write to WAL: log samples", e);
      }
      db.nextLogSeq++;
      int accepted = 0;
      long stamp = db.visibility.writeLock();
      try {
        Runnable hook = db.applyHook;
        for (int i = 0; i < n; i++) {
          MemSeries s = db.table.get(refs[i]);
          s.persisted = true;
          if (applySample(s, ts[i], vbits[i], closed, true)) {
            accepted++;
          }
          if (i == 0 && hook != null) {
            hook.run();
          }
        }
      } finally {
        db.visibility.unlockWrite(stamp);
      }
      db.appended.add(accepted);
      writeClosedChunks(closed);
    } finally {
      db.commitLock.unlock();
    }
  }

  /**
   * Appends one sample to a head series, cutting a new chunk when the open one is full or the
   * sample falls in a later partition. Returns false when the sample is not newer than the last.
   */
  boolean applySample(MemSeries s, long t, long vbits, List<ClosedChunk> closed, boolean count) {
    long last = s.lastT;
    if (s.hasSamples && t <= last) {
      if (count && !(t == last && vbits == s.lastVBits)) {
        if (t == last) {
          db.duplicates.increment();
        } else {
          db.outOfOrder.increment();
        }
      }
      return false;
    }
    XorChunk c = s.chunk;
    if (c == null || c.numSamples() >= XorChunk.TARGET_SAMPLES || t >= s.chunkEnd) {
      if (c != null) {
        s.closing = c;
        closed.add(new ClosedChunk(s, c));
      }
      c = new XorChunk();
      s.chunk = c;
      s.chunkEnd = db.partitionEnd(t);
      db.chunksCreated.increment();
    }
    c.append(t, Double.longBitsToDouble(vbits));
    s.lastVBits = vbits;
    s.lastT = t;
    s.hasSamples = true;
    noteHeadTime(t);
    return true;
  }

  void noteHeadTime(long t) {
    if (t < db.headMinT) {
      db.headMinT = t;
    }
    if (t < db.minTSinceWatermark) {
      db.minTSinceWatermark = t;
    }
    if (t > db.headMaxT) {
      db.headMaxT = t;
    }
  }

  void putSeries(WriteBatch batch, MemSeries s) throws RocksDBException {
    batch.put(db.store.series, StoreCodec.refKey(s.ref), s.labelRecord);
  }

  /**
   * Adds symbols not yet on disk to the batch (call after the batch's series records are added,
   * so their symbols are included); returns the count to mark persisted once the batch is written.
   */
  int putNewSymbols(WriteBatch batch) throws RocksDBException {
    int from = db.symbols.persistedCount();
    int to = db.symbols.size();
    for (int id = from; id < to; id++) {
      batch.put(db.store.symbols, StoreCodec.refKey(id), db.symbols.get(id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return to;
  }

  /**
   * Persists chunks cut during a commit (and any whose earlier write failed) and replaces their
   * head snapshots with the successors'; under the commit lock. A failure does not fail the commit, which is durable in
   * the log and applied: the chunks stay in the head ({@code closing}, visible to queries) and
   * pending, checkpoints keep the log (and skip those series' snapshots) until they are written,
   * and appends are refused until the store recovers.
   */
  void writeClosedChunks(List<ClosedChunk> closed) {
    if (!unwrittenChunks.isEmpty()) {
      unwrittenChunks.addAll(closed);
      closed.clear();
      closed.addAll(unwrittenChunks);
      unwrittenChunks.clear();
    }
    if (closed.isEmpty()) {
      return;
    }
    Runnable hook = db.chunkWriteHook;
    if (hook != null) {
      hook.run();
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (ClosedChunk cc : closed) {
        MemSeries s = cc.series();
        putChunk(batch, s.ref, cc.chunk());
        // The successor's snapshot rather than none: a restart then finds the series' last sample
        // here. Series created together cut together (every 120 samples, and at each partition
        // boundary), and without it a crash before the next checkpoint made the start search the
        // persisted chunks of every one of them (5 s at 316k series instead of 0.2 s).
        XorChunk next = s.chunk;
        if (next != null && next != cc.chunk() && next.numSamples() > 0) {
          batch.put(db.store.head, StoreCodec.refKey(s.ref), next.snapshotBytes());
        } else {
          batch.delete(db.store.head, StoreCodec.refKey(s.ref));
        }
      }
      db.store.db.write(db.store.writeOptions, batch);
    } catch (RocksDBException e) {
      unwrittenChunks.addAll(closed);
      closed.clear();
      StorageException failure = db.writeFailures.failWrites("write chunks", e);
      LOG.error("msg=\"chunks of a committed append stay in memory until they can be written\" err=\"{}\"",
          failure.getMessage());
      return;
    }
    for (ClosedChunk cc : closed) {
      if (cc.series().closing == cc.chunk()) {
        cc.series().closing = null;
      }
    }
    closed.clear();
  }

  void putChunk(WriteBatch batch, int ref, XorChunk c) throws RocksDBException {
    long mint = c.minTime();
    long p = db.partition(mint);
    batch.put(db.store.chunks, StoreCodec.chunkKey(p, ref, mint), StoreCodec.chunkValue(c.maxTime(), c.toBytes()));
    if (p < db.diskMinPartition) {
      db.diskMinPartition = p;
    }
    if (p > db.diskMaxPartition) {
      db.diskMaxPartition = p;
    }
    if (mint < db.diskMinT) {
      db.diskMinT = mint;
    }
    if (c.maxTime() > db.diskMaxT) {
      db.diskMaxT = c.maxTime();
    }
  }
}
