package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.index.PostingsIndex;
import io.promethium.tsdb.index.SymbolTable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The RocksDB-backed time-series store: the {@link Storage} facade, the state its parts share
 * (series table, index, symbols, locks, time bounds, counters) and the lifecycle.
 *
 * <p>The parts: {@link StoreRecovery} (open: load, restore, replay), {@link SeriesResolver}
 * (series by labels or ref), {@link CommitWriter} (write path: an {@link Appender} buffers
 * samples, {@code commit} writes one log record then applies the samples to open
 * {@link XorChunk}s), {@link Checkpointer} (head snapshots, eviction, log truncation),
 * {@link Retention}, {@link AdminOperations} (delete series, clean tombstones, snapshots) and
 * {@link WriteFailureRecovery} (disk full).
 *
 * <p>Layout and choices are documented in {@link RocksStore} and {@link StoreCodec}.
 */
public final class Tsdb implements Storage {

  final TsdbOptions options;
  final RocksStore store;
  final PostingsIndex index = new PostingsIndex();
  final SymbolTable symbols = new SymbolTable();
  final SeriesTable table = new SeriesTable();
  /**
   * Serializes commits and the short critical sections of checkpoints, retention and admin
   * operations: the log order is the apply order. Never held across a pass over all series.
   */
  final ReentrantLock commitLock = new ReentrantLock();
  /** Serializes checkpoints, tombstone cleaning and close; taken before {@link #commitLock}. */
  final ReentrantLock checkpointLock = new ReentrantLock();
  /**
   * Isolation: a commit applies its samples to the head under the write side; a querier captures
   * each selected series' visible end (its last timestamp) under a read, so it sees whole commits.
   */
  final java.util.concurrent.locks.StampedLock visibility = new java.util.concurrent.locks.StampedLock();
  /** Test seam: runs inside a commit's apply phase after its first sample is applied. */
  volatile Runnable applyHook;
  /** Test seam: runs in a checkpoint after the log watermark is taken, outside the commit lock. */
  volatile Runnable checkpointHook;
  /** Test seam: runs in a checkpoint once, after the first head snapshot is taken (not yet written). */
  volatile Runnable snapshotHook;
  /** Test seam: runs in a commit whose log record is written, before the chunks it cut are written. */
  volatile Runnable chunkWriteHook;
  /** Smallest head timestamp noted since the current checkpoint took its watermark. */
  long minTSinceWatermark = Long.MAX_VALUE;
  final Tombstones tombstones = new Tombstones();
  /** Shared by reads, exclusive for close (see {@link #reading}). */
  final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  /** Format of the log records found at open; older stores are upgraded right after recovery. */
  int logFormat = CommitRecord.FORMAT_V3;
  private final ScheduledExecutorService background;
  int nextRef = 1;
  /** The {@link StoreCodec#META_SERIES_DELETIONS} count; changed with the table's monitor held. */
  long seriesDeletions;
  long nextLogSeq;
  volatile long headMinT = Long.MAX_VALUE;
  volatile long headMaxT = Long.MIN_VALUE;
  volatile long diskMinPartition = Long.MAX_VALUE;
  volatile long diskMaxPartition = Long.MIN_VALUE;
  volatile long diskMinT = Long.MAX_VALUE;
  volatile long diskMaxT = Long.MIN_VALUE;
  volatile boolean diskTimesKnown = true;
  volatile boolean closed;
  /** Samples older than this fall in partitions retention already dropped: out of bounds. */
  volatile long minValidTime = Long.MIN_VALUE;

  final LongAdder outOfOrder = new LongAdder();
  final LongAdder duplicates = new LongAdder();
  final LongAdder outOfBounds = new LongAdder();
  final LongAdder appended = new LongAdder();
  final LongAdder chunksCreated = new LongAdder();
  final LongAdder seriesCreated = new LongAdder();
  final LongAdder seriesEvicted = new LongAdder();
  final LongAdder seriesRemoved = new LongAdder();
  volatile long lastReplayMillis;
  volatile long lastRecoveryCpuMillis;
  volatile long replayedSamples;

  final SeriesResolver resolver = new SeriesResolver(this);
  final CommitWriter commits = new CommitWriter(this);
  final WriteFailureRecovery writeFailures = new WriteFailureRecovery(this);
  final Checkpointer checkpointer = new Checkpointer(this);
  final IndexSnapshots indexSnapshots = new IndexSnapshots(this);
  final Retention retention = new Retention(this);
  final AdminOperations admin = new AdminOperations(this);

  private Tsdb(TsdbOptions options) {
    this.options = options;
    this.store = new RocksStore(options.path());
    try {
      StoreRecovery recovery = new StoreRecovery(this);
      recovery.recover();
      if (logFormat != CommitRecord.FORMAT_V3) {
        recovery.upgradeFormat();
      }
      if (recovery.recordsPending) {
        Thread records = new Thread(this::loadMissingRecords, "tsdb-series-records");
        records.setDaemon(true);
        records.start();
      }
    } catch (RuntimeException e) {
      store.close();
      if (e instanceof StorageException) {
        throw e;
      }
      throw new StorageException("recovering storage at " + options.path() + " failed: " + e, e);
    }
    if (options.checkpointInterval() > 0) {
      background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tsdb-checkpoint");
        t.setDaemon(true);
        return t;
      });
      background.scheduleWithFixedDelay(checkpointer::maintain, options.checkpointInterval(),
          options.checkpointInterval(), TimeUnit.MILLISECONDS);
    } else {
      background = null;
    }
  }

  /**
   * Opens (creating if needed) the store in {@code options.path()}, recovering open chunks and
   * replaying committed appends that were not yet checkpointed.
   *
   * @throws StorageException naming the path when the data cannot be opened (e.g. corruption)
   */
  public static Tsdb open(TsdbOptions options) {
    return new Tsdb(options);
  }

  public TsdbOptions options() {
    return options;
  }

  void checkIterator(RocksIterator it, String family) {
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new StorageException("corrupt storage at " + options.path() + " (" + family + "): " + e.getMessage(), e);
    }
  }

  /**
   * Finds the first and last partitions on disk (two keys). The exact first and last sample times
   * need a pass over those partitions, so they are computed on first use ({@link #diskTimes()}),
   * keeping that work out of the time to ready.
   */
  void scanDiskRange() {
    try (RocksIterator it = store.db.newIterator(store.chunks)) {
      it.seekToFirst();
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      if (it.isValid()) {
        first = StoreCodec.chunkKeyPartition(it.key());
        it.seekToLast();
        last = StoreCodec.chunkKeyPartition(it.key());
      }
      checkIterator(it, "chunks");
      diskMinPartition = first;
      diskMaxPartition = last;
      diskMinT = Long.MAX_VALUE;
      diskMaxT = Long.MIN_VALUE;
      diskTimesKnown = first > last;
    }
  }

  /** Makes {@link #diskMinT}/{@link #diskMaxT} exact (under the commit lock, which writes them too). */
  void diskTimes() {
    if (diskTimesKnown || closed) {
      return;
    }
    commitLock.lock();
    try {
      if (diskTimesKnown || closed || !store.isOpen()) { // not open: a reopen after a write failure failed
        return;
      }
      try (RocksIterator it = store.db.newIterator(store.chunks)) {
        long first = diskMinPartition;
        long last = diskMaxPartition;
        long min = Long.MAX_VALUE;
        for (it.seek(StoreCodec.partitionKey(first)); it.isValid() && StoreCodec.chunkKeyPartition(it.key()) == first; it.next()) {
          min = Math.min(min, StoreCodec.chunkKeyMint(it.key()));
        }
        long max = Long.MIN_VALUE;
        for (it.seekToLast(); it.isValid() && StoreCodec.chunkKeyPartition(it.key()) == last; it.prev()) {
          max = Math.max(max, StoreCodec.getLong(it.value(), 0));
        }
        checkIterator(it, "chunks");
        diskMinT = Math.min(diskMinT, min);
        diskMaxT = Math.max(diskMaxT, max);
        diskTimesKnown = true;
      }
    } finally {
      commitLock.unlock();
    }
  }

  // ---------------------------------------------------------------- series (see SeriesResolver)

  private void loadMissingRecords() {
    try {
      resolver.loadMissingRecords();
    } catch (StorageException e) {
      if (closed) {
        return; // closed meanwhile: nothing left to serve
      }
      // Failed (e.g. the store is being reopened after a write error): records load on first use.
      org.slf4j.LoggerFactory.getLogger(Tsdb.class).warn("msg=\"reading series records in the background stopped\" path={} err=\"{}\"",
          options.path(), e.getMessage());
    }
  }

  /** The series with these labels, created (and indexed) when new. */
  MemSeries getOrCreate(Labels labels) {
    return resolver.getOrCreate(labels);
  }

  /** The head series for a ref, bringing an evicted series back; null for unknown refs. */
  MemSeries getOrRevive(long ref) {
    return resolver.getOrRevive(ref);
  }

  Labels labelsOf(int ref) {
    return resolver.labelsOf(ref);
  }

  Labels loadLabels(int ref) {
    return resolver.loadLabels(ref);
  }

  // ---------------------------------------------------------------- write path

  @Override
  public Appender appender() {
    ensureOpen();
    return new TsdbAppender(this);
  }

  void countOutOfOrder() {
    outOfOrder.increment();
  }

  void countDuplicate() {
    duplicates.increment();
  }

  /** Rejects (and counts) a sample older than the retained data, as Prometheus's head does. */
  void checkInBounds(long t) {
    if (t < minValidTime) {
      outOfBounds.increment();
      throw SampleRejectedException.OUT_OF_BOUNDS;
    }
  }

  /** Makes a transaction durable, then visible. Called by {@link TsdbAppender#commit()}. */
  void commit(int[] refs, long[] ts, long[] vbits, int n) {
    commits.commit(refs, ts, vbits, n);
  }

  // ---------------------------------------------------------------- maintenance and admin

  /**
   * Snapshots changed open chunks, moves idle series out of the head (their chunks to disk), and
   * truncates the append log; see {@link Checkpointer#checkpoint()}. Runs periodically and on
   * close; safe to call any time.
   */
  public void checkpoint() {
    checkpointer.checkpoint();
  }

  /**
   * Drops whole partitions older than the retention time, then the oldest partitions while the
   * directory is larger than the retention size. One {@code deleteRange} per decision.
   */
  public void applyRetention() {
    retention.applyRetention();
  }

  /**
   * Deletes the data in {@code [mint, maxt]} of every series matching any of the matcher sets, as
   * Prometheus's {@code /api/v1/admin/tsdb/delete_series}: tombstones are recorded (durably) and
   * queries stop returning the covered samples at once; {@link #cleanTombstones()} removes the data.
   * Series stay in the index, as in Prometheus until compaction.
   */
  public void deleteSeries(long mint, long maxt, List<Matcher[]> matcherSets) {
    admin.deleteSeries(mint, maxt, matcherSets);
  }

  /**
   * Removes the data covered by tombstones, then the tombstones, as Prometheus's
   * {@code clean_tombstones}: persisted chunks are rewritten without the deleted samples (or
   * dropped), open head chunks are replaced by filtered copies, and a checkpoint makes the head
   * durable before the tombstones go (a crash in between leaves them hiding the data still).
   */
  public void cleanTombstones() {
    admin.cleanTombstones();
  }

  /**
   * Writes a consistent copy of the store to {@code <data>/snapshots/<name>} with RocksDB's
   * checkpoint (hard links where possible), openable with {@link #open}. Unless {@code skipHead},
   * a checkpoint first snapshots the head so the copy needs no log replay. With {@code skipHead}
   * the copy still holds everything committed (head snapshots and log included): unlike
   * Prometheus, head data is not left out, only the extra checkpoint is.
   *
   * @throws StorageException for an invalid or existing name, or when the copy fails
   */
  public void snapshot(String name, boolean skipHead) {
    admin.snapshot(name, skipHead);
  }

  /** First timestamp after the partition of {@code t} (saturating at the top of the range). */
  long partitionEnd(long t) {
    long p = partition(t);
    return p >= Long.MAX_VALUE / options.blockDuration() ? Long.MAX_VALUE : (p + 1) * options.blockDuration();
  }

  long partition(long t) {
    return Math.floorDiv(t, options.blockDuration());
  }

  // ---------------------------------------------------------------- read path

  @Override
  public Querier querier(long mint, long maxt) {
    ensureOpen();
    return new TsdbQuerier(this, mint, maxt);
  }

  @Override
  public long minTime() {
    diskTimes();
    return Math.min(headMinT, diskMinT);
  }

  @Override
  public long maxTime() {
    diskTimes();
    return Math.max(headMaxT, diskMaxT);
  }

  @Override
  public StorageStats stats(int limit) {
    long chunks = 0;
    for (MemSeries s : table.headArray()) {
      if (s != null && s.chunk != null) {
        chunks++;
      }
    }
    long mint = minTime();
    return CardinalityStats.collect(index, limit, table.headCount(), chunks,
        headMinT == Long.MAX_VALUE ? mint : headMinT, maxTime());
  }

  // ---------------------------------------------------------------- counters

  /** Samples rejected because they were older than their series' last sample. */
  public long outOfOrderSamples() {
    return outOfOrder.sum();
  }

  /** Samples rejected for having the last sample's timestamp with a different value. */
  public long duplicateSamples() {
    return duplicates.sum();
  }

  /** Samples rejected for being older than the data retention has kept. */
  public long outOfBoundsSamples() {
    return outOfBounds.sum();
  }

  /** Samples committed into the head since open. */
  public long appendedSamples() {
    return appended.sum();
  }

  public long headSeries() {
    return table.headCount();
  }

  /** All series known to the index (head and evicted). */
  public long totalSeries() {
    return index.seriesCount();
  }

  public long seriesCreated() {
    return seriesCreated.sum();
  }

  public long seriesRemovedFromHead() {
    return seriesEvicted.sum();
  }

  /** Series forgotten because retention removed all their data. */
  public long seriesRemovedByRetention() {
    return seriesRemoved.sum();
  }

  public long chunksCreated() {
    return chunksCreated.sum();
  }

  /** Duration of the last start's recovery (load, head restore, log replay). */
  public long recoveryMillis() {
    return lastReplayMillis;
  }

  /** CPU time the opening thread spent in the last start's recovery (load-independent). */
  public long recoveryCpuMillis() {
    return lastRecoveryCpuMillis;
  }

  /** Bytes of all files in the data directory. */
  public long diskSizeBytes() {
    return store.diskSize();
  }

  /**
   * Runs a read against RocksDB unless the store is closed: reads hold the shared side of a lock
   * that {@link #close()} takes exclusively, so no read ever touches a closed native handle.
   */
  <T> T reading(java.util.function.Supplier<T> read) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      if (!store.isOpen()) {
        StorageException failure = writeFailures.writeFailure;
        throw new StorageException("storage at " + options.path() + " is unavailable until it can be reopened"
            + (failure == null ? "" : " after: " + failure.getMessage()), failure);
      }
      return read.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new StorageException("storage at " + options.path() + " is closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (background != null) {
      background.shutdown();
      try {
        background.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    checkpointLock.lock();
    commitLock.lock();
    try {
      if (closed) {
        return;
      }
      StorageException failure = null;
      try {
        checkpoint();
      } catch (StorageException e) {
        // Committed data is in the log and replayed at the next start; release the files anyway.
        failure = e;
      }
      lifecycle.writeLock().lock();
      try {
        closed = true;
        store.close();
      } catch (StorageException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      } finally {
        lifecycle.writeLock().unlock();
      }
      if (failure != null) {
        throw new StorageException("closing storage at " + options.path() + ": " + failure.getMessage(), failure);
      }
    } finally {
      commitLock.unlock();
      checkpointLock.unlock();
    }
  }

}
