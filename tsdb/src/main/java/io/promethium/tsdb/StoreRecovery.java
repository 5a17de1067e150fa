package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.index.PostingsSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening a store: loads symbols and series (rebuilding the postings index), restores head
 * chunks from their snapshots, finds the persisted partitions, replays the log written since the
 * last checkpoint, and upgrades a format-2 store. Replay is idempotent: a sample at or before a
 * series' last timestamp is skipped.
 */
final class StoreRecovery {
  private static final byte[] META_VERSION = "formatVersion".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /** Format of the store; the log records' layout ({@link CommitRecord}) follows it. */
  private static final byte[] FORMAT_VERSION = {CommitRecord.FORMAT_V3};
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);
  /** Stands for the record of a series taken from the index snapshot, not read yet. */
  static final byte[] NOT_LOADED = new byte[0];
  private final Tsdb db;
  /** Whether head series were started without their records (see {@link #loadFromSnapshot}). */
  boolean recordsPending;

  StoreRecovery(Tsdb db) {
    this.db = db;
  }

  void recover() {
    long started = System.nanoTime();
    long cpuStarted = CPU.getCurrentThreadCpuTime();
    try {
      byte[] version = db.store.db.get(db.store.meta, META_VERSION);
      if (version == null) {
        db.store.db.put(db.store.meta, META_VERSION, FORMAT_VERSION);
      } else if (version.length == 1 && (version[0] == CommitRecord.FORMAT_V2 || version[0] == CommitRecord.FORMAT_V3)) {
        db.logFormat = version[0];
      } else {
        throw new StorageException("unsupported storage format version "
            + (version.length == 1 ? Integer.toString(version[0]) : java.util.Arrays.toString(version))
            + " in " + db.options.path() + " (this build reads versions 2 and 3)");
      }
      long t0 = System.nanoTime();
      // Head snapshots are read and decoded on a second thread while the series load rebuilds
      // the index (the two passes touch different families); this thread helps once done.
      int lastRef = lastSeriesRef();
      HeadSnapshotLoad headLoad = new HeadSnapshotLoad(db, lastRef);
      java.util.concurrent.FutureTask<HeadSnapshotLoad> heads = new java.util.concurrent.FutureTask<>(headLoad::work);
      Thread reader = new Thread(heads, "tsdb-head-load");
      reader.setDaemon(true);
      reader.start();
      byte[][] recordsByRef;
      try {
        recordsByRef = loadSeries(lastRef);
        headLoad.work();
      } catch (RuntimeException | Error e) {
        // The reader must be done with its iterator before the caller closes the store.
        try {
          awaitHeads(heads);
        } catch (RuntimeException | Error other) {
          e.addSuppressed(other);
        }
        throw e;
      }
      long t1 = System.nanoTime();
      installHeadChunks(recordsByRef, awaitHeads(heads));
      long t2 = System.nanoTime();
      db.scanDiskRange();
      long t3 = System.nanoTime();
      replayLog(recordsByRef);
      db.tombstones.load(db.store, it -> db.checkIterator(it, "tombstones"));
      long t4 = System.nanoTime();
      LOG.info("msg=\"TSDB recovery phases\" series_ms={} head_ms={} disk_range_ms={} replay_ms={}",
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
    } catch (RocksDBException e) {
      throw new StorageException("reading storage at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
    db.lastReplayMillis = (System.nanoTime() - started) / 1_000_000;
    db.lastRecoveryCpuMillis = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
    LOG.info("msg=\"TSDB started\" path={} series={} head_series={} replayed_samples={} duration_ms={} cpu_ms={}",
        db.options.path(), db.table.refCount(), db.table.headCount(), db.replayedSamples, db.lastReplayMillis, db.lastRecoveryCpuMillis);
  }

  /**
   * Brings a format-2 store to format 3: its log (already replayed) is emptied by a checkpoint, so
   * no record of the old layout is ever read as the new one; only then does the version change.
   */
  void upgradeFormat() {
    db.checkpoint();
    try {
      db.store.db.put(db.store.meta, META_VERSION, FORMAT_VERSION);
    } catch (RocksDBException e) {
      throw new StorageException("upgrading storage format at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
    LOG.info("msg=\"TSDB storage format upgraded\" path={} from={} to={}", db.options.path(), db.logFormat, FORMAT_VERSION[0]);
    db.logFormat = CommitRecord.FORMAT_V3;
  }

  /**
   * Loads symbols and series (index, label-hash table); returns each series' record by ref
   * ({@link #NOT_LOADED} for series taken from the index snapshot, null for unknown refs).
   * {@code lastRef} is the highest ref in the {@code series} family.
   */
  byte[][] loadSeries(int lastRef) throws RocksDBException {
    try (RocksIterator it = db.store.db.newIterator(db.store.symbols)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        db.symbols.load(StoreCodec.refFromKey(it.key()), new String(it.value(), java.nio.charset.StandardCharsets.UTF_8));
      }
      db.checkIterator(it, "symbols");
    }
    String[] byId = db.symbols.array();
    int symbolCount = db.symbols.size();
    long[] symbolKeys = SeriesRangeLoad.symbolKeys(byId, symbolCount);
    byte[] deletions = db.store.db.get(db.store.meta, StoreCodec.META_SERIES_DELETIONS);
    db.seriesDeletions = deletions == null ? 0 : StoreCodec.getLong(deletions, 0);
    PostingsSnapshot snapshot = db.indexSnapshots.read(byId, symbolCount);
    if (snapshot != null && snapshot.deletions() == db.seriesDeletions) {
      byte[][] byRef = loadFromSnapshot(snapshot, byId, symbolKeys);
      if (byRef != null) {
        return byRef;
      }
    }
    return scanSeries(lastRef, byId, symbolKeys, snapshot);
  }

  /**
   * Loads series from an index snapshot taken with no series deleted since: every ref up to its
   * highest is as it describes, except refs it lacks (series created but not yet written when it
   * was taken), which are looked up one by one; records past its highest are read as usual. The
   * snapshot's series get their records later ({@link SeriesResolver#loadMissingRecords}).
   * Null when too many refs are missing from it to look them up one by one.
   */
  private byte[][] loadFromSnapshot(PostingsSnapshot snapshot, String[] byId, long[] symbolKeys) throws RocksDBException {
    int count = snapshot.count();
    int[] refs = snapshot.refs();
    int top = count == 0 ? 0 : refs[count - 1];
    if (top - count > Math.max(1024, count / 10)) {
      return null;
    }
    SeriesRangeLoad later = new SeriesRangeLoad(top + 1, Integer.MAX_VALUE);
    List<byte[]> holeKeys = new ArrayList<>();
    int expect = 1;
    for (int i = 0; i < count; i++) {
      for (int r = expect; r < refs[i]; r++) {
        holeKeys.add(StoreCodec.refKey(r));
      }
      expect = refs[i] + 1;
    }
    if (!holeKeys.isEmpty()) {
      List<byte[]> values = db.store.db.multiGetAsList(java.util.Collections.nCopies(holeKeys.size(), db.store.series), holeKeys);
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null) {
          later.index(db, StoreCodec.refFromKey(holeKeys.get(i)), values.get(i), byId, symbolKeys);
        }
      }
    }
    later.run(db, byId, symbolKeys, null);
    int maxRef = top;
    for (int i = 0; i < later.count; i++) {
      maxRef = Math.max(maxRef, later.refs[i]);
    }
    byte[][] byRef = new byte[maxRef + 1][];
    db.table.reserve(count + later.count);
    long[] hashes = snapshot.hashes();
    for (int i = 0; i < count; i++) {
      byRef[refs[i]] = NOT_LOADED;
      db.table.addRef(hashes[i], refs[i]);
    }
    snapshot.installInto(db.index, byId, new org.roaringbitmap.RoaringBitmap());
    for (int i = 0; i < later.count; i++) {
      byRef[later.refs[i]] = later.records[i];
      db.table.addRef(later.hashes[i], later.refs[i]);
    }
    later.postings.buildInto(db.index, db.symbols);
    db.nextRef = maxRef + 1;
    db.indexSnapshots.loaded(snapshot, 0, count, false);
    recordsPending = count > 0;
    LOG.info("msg=\"TSDB index snapshot used\" path={} series_from_snapshot={} series_read={} refs_looked_up={}",
        db.options.path(), count, later.count, holeKeys.size());
    return byRef;
  }

  /**
   * Loads series by reading every record, in ranges on parallel threads; series whose record
   * {@code snapshot} (may be null) describes unchanged take its hash and postings.
   */
  private byte[][] scanSeries(int maxRef, String[] byId, long[] symbolKeys, PostingsSnapshot snapshot) {
    SeriesRangeLoad[] ranges = splitRefs(maxRef);
    List<java.util.concurrent.FutureTask<SeriesRangeLoad>> others = new ArrayList<>();
    for (int r = 1; r < ranges.length; r++) {
      SeriesRangeLoad range = ranges[r];
      java.util.concurrent.FutureTask<SeriesRangeLoad> task =
          new java.util.concurrent.FutureTask<>(() -> range.run(db, byId, symbolKeys, snapshot));
      Thread t = new Thread(task, "tsdb-series-load-" + r);
      t.setDaemon(true);
      t.start();
      others.add(task);
    }
    RuntimeException failure = null;
    try {
      ranges[0].run(db, byId, symbolKeys, snapshot);
    } catch (RuntimeException e) {
      failure = e;
    }
    // Every reader must be done with its iterator before the caller may close the store.
    for (java.util.concurrent.FutureTask<SeriesRangeLoad> task : others) {
      try {
        await(task, "loading series");
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    byte[][] byRef = new byte[maxRef + 1][];
    int total = 0;
    for (SeriesRangeLoad range : ranges) {
      total += range.count;
    }
    db.table.reserve(total);
    if (snapshot != null) {
      org.roaringbitmap.RoaringBitmap stale = new org.roaringbitmap.RoaringBitmap();
      int trusted = 0;
      for (SeriesRangeLoad range : ranges) {
        stale.or(range.stale);
        trusted += range.fromSnapshot;
      }
      snapshot.installInto(db.index, byId, stale);
      db.indexSnapshots.loaded(snapshot, stale.getCardinality(), trusted, true);
      LOG.info("msg=\"TSDB index snapshot checked against every record\" path={} series_from_snapshot={} series_indexed={} stale={}",
          db.options.path(), trusted, total - trusted, stale.getCardinality());
    }
    for (int r = 0; r < ranges.length; r++) {
      SeriesRangeLoad range = ranges[r];
      for (int i = 0; i < range.count; i++) {
        byRef[range.refs[i]] = range.records[i];
        db.table.addRef(range.hashes[i], range.refs[i]);
      }
      range.postings.buildInto(db.index, db.symbols);
      ranges[r] = null; // its arrays are garbage from here on
    }
    db.nextRef = maxRef + 1;
    return byRef;
  }

  /** The highest ref in the series family, 0 if it is empty. */
  private int lastSeriesRef() {
    try (RocksIterator it = db.store.db.newIterator(db.store.series)) {
      it.seekToLast();
      int last = it.isValid() ? StoreCodec.refFromKey(it.key()) : 0;
      db.checkIterator(it, "series");
      return last;
    }
  }

  /**
   * Ranges of refs of about equal width, one per core up to four; a small store is one range
   * (a thread costs more than it saves there).
   */
  private static SeriesRangeLoad[] splitRefs(int maxRef) {
    int n = maxRef < 50_000 ? 1 : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    SeriesRangeLoad[] ranges = new SeriesRangeLoad[n];
    long width = ((long) maxRef + n) / n;
    for (int r = 0; r < n; r++) {
      int from = (int) (r * width);
      int to = r == n - 1 ? Integer.MAX_VALUE : (int) ((r + 1) * width);
      ranges[r] = new SeriesRangeLoad(from, to);
    }
    return ranges;
  }

  private static HeadSnapshotLoad awaitHeads(java.util.concurrent.FutureTask<HeadSnapshotLoad> heads) {
    return await(heads, "loading head chunks");
  }

  private static <T> T await(java.util.concurrent.FutureTask<T> task, String what) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while " + what, e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new StorageException(what + " failed: " + c, c);
    }
  }

  void installHeadChunks(byte[][] labelsByRef, HeadSnapshotLoad heads) {
    for (HeadSnapshotLoad.Part part : heads.parts()) {
      installHeadChunks(labelsByRef, part);
    }
  }

  private void installHeadChunks(byte[][] labelsByRef, HeadSnapshotLoad.Part heads) {
    for (int i = 0; i < heads.count(); i++) {
      int ref = heads.refs()[i];
      if (ref >= labelsByRef.length || labelsByRef[ref] == null) {
        throw new StorageException("corrupt storage at " + db.options.path() + ": head chunk for unknown series " + ref);
      }
      XorChunk c = heads.chunks()[i];
      MemSeries s = new MemSeries(ref, labelsByRef[ref] == NOT_LOADED ? null : labelsByRef[ref]);
      s.persisted = true;
      if (c.numSamples() > 0) {
        s.chunk = c;
        s.chunkEnd = db.partitionEnd(c.minTime());
        s.lastT = c.maxTime();
        s.hasSamples = true;
        s.lastVBits = Double.doubleToRawLongBits(c.lastValue());
        s.checkpointedChunk = c;
        s.checkpointedSamples = c.numSamples();
        db.commits.noteHeadTime(c.minTime());
        db.commits.noteHeadTime(c.maxTime());
      }
      db.table.putHead(s);
    }
  }

  void replayLog(byte[][] labelsByRef) throws RocksDBException {
    byte[] start = db.store.db.get(db.store.meta, StoreCodec.META_LOG_START);
    long from = start == null ? 0 : StoreCodec.getLong(start, 0);
    db.nextLogSeq = from;
    long samples = 0;
    List<ClosedChunk> closed = new ArrayList<>();
    try (RocksIterator it = db.store.db.newIterator(db.store.log)) {
      for (it.seek(StoreCodec.seqKey(from)); it.isValid(); it.next()) {
        long seq = StoreCodec.seqFromKey(it.key());
        CommitRecord.Decoder r = new CommitRecord.Decoder(it.value(), db.logFormat);
        while (r.next()) {
          int ref = r.ref();
          long t = r.t();
          long vbits = r.vbits();
          MemSeries s = db.table.get(ref);
          if (s == null) {
            if (ref <= 0 || ref >= labelsByRef.length || labelsByRef[ref] == null) {
              throw new StorageException("corrupt storage at " + db.options.path() + ": log record " + seq
                  + " references unknown series " + ref);
            }
            s = db.resolver.revive(ref, labelsByRef[ref] == NOT_LOADED ? null : labelsByRef[ref]);
          }
          db.commits.applySample(s, t, vbits, closed, false);
          samples++;
        }
        db.nextLogSeq = seq + 1;
        if (closed.size() >= 4096) {
          db.commits.writeClosedChunks(closed);
        }
      }
      db.checkIterator(it, "log");
    }
    db.commits.writeClosedChunks(closed);
    db.replayedSamples = samples;
    // No checkpoint here: replay is idempotent, and the first periodic checkpoint truncates the
    // log without delaying readiness.
  }
}
