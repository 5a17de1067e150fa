package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import java.io.IOException;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Prometheus's admin operations: {@code delete_series} (tombstones), {@code clean_tombstones}
 * (rewrites the covered chunks) and {@code snapshot} (a RocksDB checkpoint of the store).
 */
final class AdminOperations {
  private final Tsdb db;

  AdminOperations(Tsdb db) {
    this.db = db;
  }

  /**
   * Deletes the data in {@code [mint, maxt]} of every series matching any of the matcher sets, as
   * Prometheus's {@code /api/v1/admin/tsdb/delete_series}: tombstones are recorded (durably) and
   * queries stop returning the covered samples at once; {@link #cleanTombstones()} removes the data.
   * Series stay in the index, as in Prometheus until compaction.
   */
  void deleteSeries(long mint, long maxt, List<Matcher[]> matcherSets) {
    db.ensureOpen();
    if (mint > maxt || matcherSets.isEmpty()) {
      return;
    }
    org.roaringbitmap.RoaringBitmap refs = new org.roaringbitmap.RoaringBitmap();
    for (Matcher[] set : matcherSets) {
      refs.or(db.index.select(set));
    }
    if (refs.isEmpty()) {
      return;
    }
    db.reading(() -> {
      try {
        db.tombstones.add(db.store, refs.toArray(), mint, maxt);
      } catch (RocksDBException e) {
        throw new StorageException("deleting series at " + db.options.path() + " failed: " + e.getMessage(), e);
      }
      return null;
    });
  }

  /**
   * Removes the data covered by tombstones, then the tombstones, as Prometheus's
   * {@code clean_tombstones}: persisted chunks are rewritten without the deleted samples (or
   * dropped), open head chunks are replaced by filtered copies, and a checkpoint makes the head
   * durable before the tombstones go (a crash in between leaves them hiding the data still).
   */
  void cleanTombstones() {
    db.checkpointLock.lock();
    try {
      db.ensureOpen();
      java.util.Map<Integer, long[]> todo = db.tombstones.snapshot();
      if (todo.isEmpty()) {
        return;
      }
      for (java.util.Map.Entry<Integer, long[]> e : todo.entrySet()) {
        rewriteDiskChunks(e.getKey(), e.getValue());
        rewriteHeadChunk(e.getKey(), e.getValue());
      }
      db.checkpoint();
      db.reading(() -> {
        try {
          db.tombstones.removeCleaned(db.store, todo);
        } catch (RocksDBException e) {
          throw new StorageException("cleaning tombstones at " + db.options.path() + " failed: " + e.getMessage(), e);
        }
        return null;
      });
    } finally {
      db.checkpointLock.unlock();
    }
  }

  /** Rewrites (or deletes) a series' persisted chunks that overlap deleted intervals. */
  void rewriteDiskChunks(int ref, long[] deleted) {
    long lastP = Math.min(db.partition(deleted[deleted.length - 1]), db.diskMaxPartition);
    long p = Math.max(db.partition(deleted[0]), db.diskMinPartition);
    try (RocksIterator it = db.store.db.newIterator(db.store.chunks); WriteBatch batch = new WriteBatch()) {
      while (p <= lastP) {
        it.seek(StoreCodec.chunkKey(p, ref, Long.MIN_VALUE));
        if (!it.isValid()) {
          break;
        }
        long kp = StoreCodec.chunkKeyPartition(it.key());
        if (kp != p) {
          p = kp; // skip partitions that hold nothing
          continue;
        }
        for (; it.isValid(); it.next()) {
          byte[] k = it.key();
          if (StoreCodec.chunkKeyPartition(k) != p || StoreCodec.chunkKeyRef(k) != ref) {
            break;
          }
          byte[] v = it.value();
          if (!Tombstones.overlaps(deleted, StoreCodec.chunkKeyMint(k), StoreCodec.getLong(v, 0))) {
            continue;
          }
          XorChunk kept = withoutDeleted(XorChunk.iterator(v, 8, v.length - 8), deleted);
          batch.delete(db.store.chunks, k);
          if (kept.numSamples() > 0) {
            db.commits.putChunk(batch, ref, kept);
          }
        }
        if (p == Long.MAX_VALUE) {
          break;
        }
        p++;
      }
      db.checkIterator(it, "chunks");
      db.store.db.write(db.store.writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StorageException("cleaning tombstones at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
  }

  /** Replaces a head series' open chunk by a copy without the deleted samples. */
  void rewriteHeadChunk(int ref, long[] deleted) {
    db.commitLock.lock();
    try {
      MemSeries s = db.table.get(ref);
      XorChunk c = s == null ? null : s.chunk;
      if (c == null || !Tombstones.overlaps(deleted, c.minTime(), c.maxTime())) {
        return;
      }
      XorChunk kept = withoutDeleted(c.iterator(), deleted);
      long stamp = db.visibility.writeLock();
      try {
        // An emptied series leaves the head at the checkpoint that follows; lastT still guards order.
        s.chunk = kept.numSamples() > 0 ? kept : null;
      } finally {
        db.visibility.unlockWrite(stamp);
      }
    } finally {
      db.commitLock.unlock();
    }
  }

  static XorChunk withoutDeleted(SampleIterator it, long[] deleted) {
    XorChunk kept = new XorChunk();
    while (it.next()) {
      if (!Tombstones.covers(deleted, it.t())) {
        kept.append(it.t(), it.v());
      }
    }
    return kept;
  }

  /**
   * Writes a consistent copy of the store to {@code <data>/snapshots/<name>} with RocksDB's
   * checkpoint (hard links where possible), openable with {@link Tsdb#open}. Unless {@code skipHead},
   * a checkpoint first snapshots the head so the copy needs no log replay. With {@code skipHead}
   * the copy still holds everything committed (head snapshots and log included): unlike
   * Prometheus, head data is not left out, only the extra checkpoint is.
   *
   * @throws StorageException for an invalid or existing name, or when the copy fails
   */
  void snapshot(String name, boolean skipHead) {
    db.ensureOpen();
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
        || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
      throw new StorageException("invalid snapshot name \"" + name + "\"");
    }
    if (!skipHead) {
      db.checkpoint();
    }
    java.nio.file.Path target = db.options.path().resolve("snapshots").resolve(name);
    try {
      java.nio.file.Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new StorageException("create snapshot: " + e.getMessage(), e);
    }
    if (java.nio.file.Files.exists(target)) {
      throw new StorageException("create snapshot: " + target + " already exists");
    }
    db.reading(() -> {
      try (org.rocksdb.Checkpoint cp = org.rocksdb.Checkpoint.create(db.store.db)) {
        cp.createCheckpoint(target.toString());
      } catch (RocksDBException e) {
        throw new StorageException("create snapshot " + target + ": " + e.getMessage(), e);
      }
      return null;
    });
  }
}
