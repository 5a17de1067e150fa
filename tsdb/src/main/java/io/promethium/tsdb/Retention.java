package io.promethium.tsdb;

import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention by time and size: drops whole partitions with one {@code deleteRange} each, then
 * forgets series whose data is all gone.
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private final Tsdb db;

  Retention(Tsdb db) {
    this.db = db;
  }

  /**
   * Drops whole partitions older than the retention time, then the oldest partitions while the
   * directory is larger than the retention size. One {@code deleteRange} per decision.
   */
  void applyRetention() {
    long compactBefore = Long.MIN_VALUE;
    db.commitLock.lock();
    try {
      if (db.closed || !db.store.isOpen() || db.diskMinPartition > db.diskMaxPartition) {
        return;
      }
      long newest = db.maxTime();
      boolean deleted = false;
      if (db.options.retentionTime() > 0 && newest >= Long.MIN_VALUE + db.options.retentionTime()) {
        // A partition goes once all of it is older than the retention window.
        long keepFrom = db.partition(newest - db.options.retentionTime());
        if (keepFrom > db.diskMinPartition) {
          dropPartitionsBefore(keepFrom);
          deleted = true;
        }
      }
      if (db.options.retentionSize() > 0) {
        while (db.diskMinPartition < db.diskMaxPartition && db.store.diskSize() > db.options.retentionSize()) {
          dropPartitionsBefore(db.diskMinPartition + 1);
          db.scanDiskRange(); // jump to the next partition that exists
          deleted = true;
        }
      }
      if (deleted) {
        compactBefore = db.diskMinPartition;
        removeEmptiedSeries(db.diskMinPartition);
        db.scanDiskRange();
      }
    } finally {
      db.commitLock.unlock();
    }
    if (compactBefore != Long.MIN_VALUE) {
      long before = compactBefore;
      // Outside the lock: hands the space back now rather than at some later compaction.
      db.reading(() -> {
        try {
          db.store.db.compactRange(db.store.chunks, StoreCodec.partitionKey(Long.MIN_VALUE), StoreCodec.partitionKey(before));
        } catch (RocksDBException e) {
          throw new StorageException("retention at " + db.options.path() + " failed: " + e.getMessage(), e);
        }
        return null;
      });
    }
  }

  /**
   * Forgets series whose data retention removed entirely: not in the head and last written before
   * the first kept partition (their chunks all lie in partitions up to that of their last sample).
   * They leave the index, the series table and the {@code series} family, as in Prometheus.
   */
  void removeEmptiedSeries(long firstKeptPartition) {
    org.roaringbitmap.RoaringBitmap dead = new org.roaringbitmap.RoaringBitmap();
    synchronized (db.table) {
      try (RocksIterator it = db.store.db.newIterator(db.store.lastTime); WriteBatch batch = new WriteBatch()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          int ref = StoreCodec.refFromKey(it.key());
          long last = StoreCodec.getLong(it.value(), 0);
          if (db.table.get(ref) == null && (last == Long.MIN_VALUE || db.partition(last) < firstKeptPartition)) {
            Labels l = db.resolver.loadLabelsOpen(ref);
            if (l != null) {
              db.table.removeRef(l.hash(), ref);
            }
            dead.add(ref);
            batch.delete(db.store.series, StoreCodec.refKey(ref));
            batch.delete(db.store.lastTime, StoreCodec.refKey(ref));
            batch.delete(db.store.tombstones, StoreCodec.refKey(ref)); // refs can be reused after a restart
          }
        }
        db.checkIterator(it, "lasttime");
        if (!dead.isEmpty()) {
          batch.put(db.store.meta, StoreCodec.META_SERIES_DELETIONS, Checkpointer.longBytes(db.seriesDeletions + 1));
        }
        db.store.db.write(db.store.writeOptions, batch);
        if (!dead.isEmpty()) {
          db.seriesDeletions++;
        }
      } catch (RocksDBException e) {
        throw new StorageException("removing expired series at " + db.options.path() + " failed: " + e.getMessage(), e);
      }
    }
    if (!dead.isEmpty()) {
      db.tombstones.forget(dead);
      db.index.removeAll(dead);
      db.seriesRemoved.add(dead.getCardinality());
    }
  }

  void dropPartitionsBefore(long partition) {
    byte[] from = StoreCodec.partitionKey(Long.MIN_VALUE);
    byte[] to = StoreCodec.partitionKey(partition);
    try {
      db.store.db.deleteRange(db.store.chunks, from, to); // compacted by the caller, outside the lock
    } catch (RocksDBException e) {
      throw new StorageException("retention at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
    db.diskMinPartition = partition;
    long firstKept = partition * db.options.blockDuration();
    if (firstKept > db.minValidTime) {
      db.minValidTime = firstKept;
    }
    LOG.info("msg=\"retention dropped partitions\" path={} before_time={}", db.options.path(), partition * db.options.blockDuration());
  }
}
