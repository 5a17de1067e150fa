package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
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
  private final Tsdb db;

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
      // the index: the two passes touch different families and together are most of a start.
      java.util.concurrent.FutureTask<HeadSnapshots> heads = new java.util.concurrent.FutureTask<>(this::readHeadChunks);
      Thread reader = new Thread(heads, "tsdb-head-load");
      reader.setDaemon(true);
      reader.start();
      byte[][] recordsByRef;
      try {
        recordsByRef = loadSeries();
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

  /** Loads symbols and series (index, label-hash table); returns each series' record by ref. */
  byte[][] loadSeries() {
    try (RocksIterator it = db.store.db.newIterator(db.store.symbols)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        db.symbols.load(StoreCodec.refFromKey(it.key()), new String(it.value(), java.nio.charset.StandardCharsets.UTF_8));
      }
      db.checkIterator(it, "symbols");
    }
    String[] byId = db.symbols.array();
    int symbolCount = db.symbols.size();
    long[] symbolKeys = new long[symbolCount];
    for (int i = 0; i < symbolCount; i++) {
      if (byId[i] != null) {
        symbolKeys[i] = Labels.symbolHashKey(byId[i]);
      }
    }
    int maxRef = lastSeriesRef();
    SeriesRangeLoad[] ranges = splitRefs(maxRef);
    List<java.util.concurrent.FutureTask<SeriesRangeLoad>> others = new ArrayList<>();
    for (int r = 1; r < ranges.length; r++) {
      SeriesRangeLoad range = ranges[r];
      java.util.concurrent.FutureTask<SeriesRangeLoad> task =
          new java.util.concurrent.FutureTask<>(() -> range.run(db, byId, symbolKeys));
      Thread t = new Thread(task, "tsdb-series-load-" + r);
      t.setDaemon(true);
      t.start();
      others.add(task);
    }
    RuntimeException failure = null;
    try {
      ranges[0].run(db, byId, symbolKeys);
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

  /** Head chunk snapshots as read from disk, by position: {@code refs[i]} owns {@code chunks[i]}. */
  record HeadSnapshots(int[] refs, XorChunk[] chunks, int count) {}

  HeadSnapshots readHeadChunks() {
    int[] refs = new int[1024];
    XorChunk[] chunks = new XorChunk[1024];
    int n = 0;
    try (org.rocksdb.ReadOptions ro = new org.rocksdb.ReadOptions().setFillCache(false);
        RocksIterator it = db.store.db.newIterator(db.store.head, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (n == refs.length) {
          refs = java.util.Arrays.copyOf(refs, n * 2);
          chunks = java.util.Arrays.copyOf(chunks, n * 2);
        }
        refs[n] = StoreCodec.refFromKey(it.key());
        byte[] v = it.value();
        chunks[n++] = XorChunk.fromBytes(v, 0, v.length);
      }
      db.checkIterator(it, "head");
    }
    return new HeadSnapshots(refs, chunks, n);
  }

  private static HeadSnapshots awaitHeads(java.util.concurrent.FutureTask<HeadSnapshots> heads) {
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

  void installHeadChunks(byte[][] labelsByRef, HeadSnapshots heads) {
    for (int i = 0; i < heads.count(); i++) {
      int ref = heads.refs()[i];
      if (ref >= labelsByRef.length || labelsByRef[ref] == null) {
        throw new StorageException("corrupt storage at " + db.options.path() + ": head chunk for unknown series " + ref);
      }
      XorChunk c = heads.chunks()[i];
      MemSeries s = new MemSeries(ref, labelsByRef[ref]);
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
            s = db.resolver.revive(ref, labelsByRef[ref]);
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
