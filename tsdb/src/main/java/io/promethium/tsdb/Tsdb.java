package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import io.promethium.tsdb.index.PostingsBuilder;
import io.promethium.tsdb.index.PostingsIndex;
import io.promethium.tsdb.index.SymbolTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB-backed time-series store.
 *
 * <p>Write path: an {@link Appender} buffers samples in primitive arrays; {@code commit} takes the
 * commit lock, writes one compact log record (plus records of new series) as one RocksDB write
 * batch, then appends the samples to the series' open {@link XorChunk}s. Chunks that fill up
 * (120 samples) or reach a partition boundary are written to the {@code chunks} family.
 *
 * <p>Checkpoints (periodic, and on close) snapshot open chunks into the {@code head} family and
 * truncate the log with one {@code deleteRange}, so a restart replays at most one interval of
 * commits. Replay is idempotent: a sample at or before a series' last timestamp is skipped.
 *
 * <p>Layout and choices are documented in {@link RocksStore} and {@link StoreCodec}.
 */
public final class Tsdb implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);
  private static final byte[] META_LOG_START = "logStart".getBytes();
  private static final byte[] META_VERSION = "formatVersion".getBytes();
  /** Format of the store; the log records' layout ({@link CommitRecord}) follows it. */
  private static final byte[] FORMAT_VERSION = {CommitRecord.FORMAT_V3};

  private final TsdbOptions options;
  final RocksStore store;
  final PostingsIndex index = new PostingsIndex();
  private final SymbolTable symbols = new SymbolTable();
  final SeriesTable table = new SeriesTable();
  /**
   * Serializes commits and the short critical sections of checkpoints, retention and admin
   * operations: the log order is the apply order. Never held across a pass over all series.
   */
  private final ReentrantLock commitLock = new ReentrantLock();
  /** Serializes checkpoints, tombstone cleaning and close; taken before {@link #commitLock}. */
  private final ReentrantLock checkpointLock = new ReentrantLock();
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
  /** Smallest head timestamp noted since the current checkpoint took its watermark. */
  private long minTSinceWatermark = Long.MAX_VALUE;
  final Tombstones tombstones = new Tombstones();
  /** Shared by reads, exclusive for close (see {@link #reading}). */
  private final java.util.concurrent.locks.ReentrantReadWriteLock lifecycle =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private final CommitRecord.Encoder logRecord = new CommitRecord.Encoder();
  /** Format of the log records found at open; older stores are upgraded right after recovery. */
  private int logFormat = CommitRecord.FORMAT_V3;
  private final ScheduledExecutorService background;
  private int nextRef = 1;
  private long nextLogSeq;
  private volatile long headMinT = Long.MAX_VALUE;
  private volatile long headMaxT = Long.MIN_VALUE;
  volatile long diskMinPartition = Long.MAX_VALUE;
  volatile long diskMaxPartition = Long.MIN_VALUE;
  private volatile long diskMinT = Long.MAX_VALUE;
  private volatile long diskMaxT = Long.MIN_VALUE;
  private volatile boolean diskTimesKnown = true;
  private volatile boolean closed;
  /**
   * The write error (typically a full disk) that left RocksDB in its read-only error state: set,
   * appends are refused with it until {@link #recoverWrites()} reopened the database.
   */
  private volatile StorageException writeFailure;
  private volatile long nextRecoveryNanos;
  /** Chunks cut by applied commits whose write failed; written before anything else. Commit lock. */
  private final List<ClosedChunk> unwrittenChunks = new ArrayList<>();
  /** Samples older than this fall in partitions retention already dropped: out of bounds. */
  private volatile long minValidTime = Long.MIN_VALUE;

  private final LongAdder outOfOrder = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder outOfBounds = new LongAdder();
  private final LongAdder appended = new LongAdder();
  private final LongAdder chunksCreated = new LongAdder();
  private final LongAdder seriesCreated = new LongAdder();
  private final LongAdder seriesEvicted = new LongAdder();
  private final LongAdder seriesRemoved = new LongAdder();
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  private volatile long lastReplayMillis;
  private volatile long lastRecoveryCpuMillis;
  private volatile long replayedSamples;

  private Tsdb(TsdbOptions options) {
    this.options = options;
    this.store = new RocksStore(options.path());
    try {
      recover();
      if (logFormat != CommitRecord.FORMAT_V3) {
        upgradeFormat();
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
      background.scheduleWithFixedDelay(this::maintain, options.checkpointInterval(),
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

  // ---------------------------------------------------------------- recovery

  private void recover() {
    long started = System.nanoTime();
    long cpuStarted = CPU.getCurrentThreadCpuTime();
    try {
      byte[] version = store.db.get(store.meta, META_VERSION);
      if (version == null) {
        store.db.put(store.meta, META_VERSION, FORMAT_VERSION);
      } else if (version.length == 1 && (version[0] == CommitRecord.FORMAT_V2 || version[0] == CommitRecord.FORMAT_V3)) {
        logFormat = version[0];
      } else {
        throw new StorageException("unsupported storage format version "
            + (version.length == 1 ? Integer.toString(version[0]) : java.util.Arrays.toString(version))
            + " in " + options.path() + " (this build reads versions 2 and 3)");
      }
      long t0 = System.nanoTime();
      Labels[] labelsByRef = loadSeries();
      long t1 = System.nanoTime();
      loadHeadChunks(labelsByRef);
      long t2 = System.nanoTime();
      scanDiskRange();
      long t3 = System.nanoTime();
      replayLog(labelsByRef);
      tombstones.load(store, it -> checkIterator(it, "tombstones"));
      long t4 = System.nanoTime();
      LOG.info("msg=\"TSDB recovery phases\" series_ms={} head_ms={} disk_range_ms={} replay_ms={}",
          (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
    } catch (RocksDBException e) {
      throw new StorageException("reading storage at " + options.path() + " failed: " + e.getMessage(), e);
    }
    lastReplayMillis = (System.nanoTime() - started) / 1_000_000;
    lastRecoveryCpuMillis = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1_000_000;
    LOG.info("msg=\"TSDB started\" path={} series={} head_series={} replayed_samples={} duration_ms={} cpu_ms={}",
        options.path(), table.refCount(), table.headCount(), replayedSamples, lastReplayMillis, lastRecoveryCpuMillis);
  }

  /**
   * Brings a format-2 store to format 3: its log (already replayed) is emptied by a checkpoint, so
   * no record of the old layout is ever read as the new one; only then does the version change.
   */
  private void upgradeFormat() {
    checkpoint();
    try {
      store.db.put(store.meta, META_VERSION, FORMAT_VERSION);
    } catch (RocksDBException e) {
      throw new StorageException("upgrading storage format at " + options.path() + " failed: " + e.getMessage(), e);
    }
    LOG.info("msg=\"TSDB storage format upgraded\" path={} from={} to={}", options.path(), logFormat, FORMAT_VERSION[0]);
    logFormat = CommitRecord.FORMAT_V3;
  }

  private Labels[] loadSeries() {
    try (RocksIterator it = store.db.newIterator(store.symbols)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        symbols.load(StoreCodec.refFromKey(it.key()), new String(it.value(), java.nio.charset.StandardCharsets.UTF_8));
      }
      checkIterator(it, "symbols");
    }
    String[] byId = symbols.array();
    int symbolCount = symbols.size();
    Labels[] byRef = new Labels[1024];
    int maxRef = 0;
    int[] ids = new int[64];
    PostingsBuilder postings = new PostingsBuilder();
    try (RocksIterator it = store.db.newIterator(store.series)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        int ref = StoreCodec.refFromKey(it.key());
        ids = StoreCodec.decodeLabelIds(it.value(), ids);
        int n = ids[0];
        String[] nv = new String[n];
        for (int i = 0; i < n; i++) {
          int id = ids[i + 1];
          if (id < 0 || id >= symbolCount || byId[id] == null) {
            throw new StorageException("corrupt storage at " + options.path() + ": series " + ref + " uses unknown symbol " + id);
          }
          nv[i] = byId[id];
        }
        Labels l = Labels.wrapSorted(nv);
        if (ref >= byRef.length) {
          byRef = java.util.Arrays.copyOf(byRef, Math.max(ref + 1, byRef.length * 2));
        }
        byRef[ref] = l;
        maxRef = Math.max(maxRef, ref);
        System.arraycopy(ids, 1, ids, 0, n); // PostingsBuilder wants the ids from index 0
        postings.add(ref, ids, n);
        table.addRef(l.hash(), ref);
      }
      checkIterator(it, "series");
    }
    postings.buildInto(index, symbols);
    nextRef = maxRef + 1;
    return byRef;
  }

  private void loadHeadChunks(Labels[] labelsByRef) {
    try (RocksIterator it = store.db.newIterator(store.head)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        int ref = StoreCodec.refFromKey(it.key());
        if (ref >= labelsByRef.length || labelsByRef[ref] == null) {
          throw new StorageException("corrupt storage at " + options.path() + ": head chunk for unknown series " + ref);
        }
        byte[] v = it.value();
        XorChunk c = XorChunk.fromBytes(v, 0, v.length);
        MemSeries s = new MemSeries(ref, labelsByRef[ref]);
        s.persisted = true;
        if (c.numSamples() > 0) {
          s.chunk = c;
          s.chunkEnd = partitionEnd(c.minTime());
          s.lastT = c.maxTime();
          s.hasSamples = true;
          s.lastVBits = Double.doubleToRawLongBits(c.lastValue());
          s.checkpointedChunk = c;
          s.checkpointedSamples = c.numSamples();
          noteHeadTime(c.minTime());
          noteHeadTime(c.maxTime());
        }
        table.putHead(s);
      }
      checkIterator(it, "head");
    }
  }

  private void replayLog(Labels[] labelsByRef) throws RocksDBException {
    byte[] start = store.db.get(store.meta, META_LOG_START);
    long from = start == null ? 0 : StoreCodec.getLong(start, 0);
    nextLogSeq = from;
    long samples = 0;
    List<ClosedChunk> closed = new ArrayList<>();
    try (RocksIterator it = store.db.newIterator(store.log)) {
      for (it.seek(StoreCodec.seqKey(from)); it.isValid(); it.next()) {
        long seq = StoreCodec.seqFromKey(it.key());
        CommitRecord.Decoder r = new CommitRecord.Decoder(it.value(), logFormat);
        while (r.next()) {
          int ref = r.ref();
          long t = r.t();
          long vbits = r.vbits();
          MemSeries s = table.get(ref);
          if (s == null) {
            if (ref <= 0 || ref >= labelsByRef.length || labelsByRef[ref] == null) {
              throw new StorageException("corrupt storage at " + options.path() + ": log record " + seq
                  + " references unknown series " + ref);
            }
            s = revive(ref, labelsByRef[ref]);
          }
          applySample(s, t, vbits, closed, false);
          samples++;
        }
        nextLogSeq = seq + 1;
        if (closed.size() >= 4096) {
          writeClosedChunks(closed);
        }
      }
      checkIterator(it, "log");
    }
    writeClosedChunks(closed);
    replayedSamples = samples;
    // No checkpoint here: replay is idempotent, and the first periodic checkpoint truncates the
    // log without delaying readiness.
  }

  private void checkIterator(RocksIterator it, String family) {
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
  private void scanDiskRange() {
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
  private void diskTimes() {
    if (diskTimesKnown || closed) {
      return;
    }
    commitLock.lock();
    try {
      if (diskTimesKnown || closed) {
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

  // ---------------------------------------------------------------- series

  /** The series with these labels, created (and indexed) when new. */
  MemSeries getOrCreate(Labels labels) {
    if (labels == null) {
      throw new InvalidLabelsException("empty labelset: invalid sample");
    }
    synchronized (table) {
      int ref = table.find(labels.hash(), r -> labels.equals(labelsOf(r)));
      if (ref != 0) {
        MemSeries s = table.get(ref);
        return s != null ? s : revive(ref, labelsOf(ref));
      }
      LabelSetValidator.validate(labels);
      String[] nv = new String[labels.size() * 2];
      for (int i = 0; i < labels.size(); i++) {
        nv[2 * i] = symbols.intern(labels.name(i));
        nv[2 * i + 1] = symbols.intern(labels.value(i));
      }
      Labels interned = Labels.wrapSorted(nv);
      ref = nextRef++;
      MemSeries s = new MemSeries(ref, interned);
      table.addRef(interned.hash(), ref);
      table.putHead(s);
      index.add(ref, interned);
      seriesCreated.increment();
      return s;
    }
  }

  /** The head series for a ref, bringing an evicted series back; null for unknown refs. */
  MemSeries getOrRevive(long ref) {
    if (ref <= 0 || ref > Integer.MAX_VALUE) {
      return null;
    }
    MemSeries s = table.get((int) ref);
    if (s != null) {
      return s;
    }
    synchronized (table) {
      s = table.get((int) ref);
      if (s != null) {
        return s;
      }
      if (ref >= nextRef) {
        return null;
      }
      Labels l = loadLabels((int) ref);
      return l == null ? null : revive((int) ref, l);
    }
  }

  Labels labelsOf(int ref) {
    MemSeries s = table.get(ref);
    return s != null ? s.labels : loadLabels(ref);
  }

  Labels loadLabels(int ref) {
    return closed ? null : reading(() -> loadLabelsOpen(ref));
  }

  private Labels loadLabelsOpen(int ref) {
    try {
      byte[] v = store.db.get(store.series, StoreCodec.refKey(ref));
      if (v == null) {
        return null;
      }
      int[] ids = StoreCodec.decodeLabelIds(v, new int[16]);
      String[] nv = new String[ids[0]];
      for (int i = 0; i < nv.length; i++) {
        nv[i] = symbols.get(ids[i + 1]);
      }
      return Labels.wrapSorted(nv);
    } catch (RocksDBException e) {
      throw new StorageException("reading series " + ref + " at " + options.path() + ": " + e.getMessage(), e);
    }
  }

  /** Brings a persisted series back into the head; its last sample on disk guards ordering. */
  private MemSeries revive(int ref, Labels labels) {
    MemSeries s = new MemSeries(ref, labels);
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
    table.putHead(s);
    return s;
  }

  /** The newest persisted chunk value of a series, searching partitions from the newest down. */
  private byte[] lastDiskChunk(int ref) {
    return reading(() -> lastDiskChunkOpen(ref));
  }

  private byte[] lastDiskChunkOpen(int ref) {
    long lo = diskMinPartition;
    long hi = diskMaxPartition;
    if (lo > hi) {
      return null;
    }
    try (RocksIterator it = store.db.newIterator(store.chunks)) {
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
      checkIterator(it, "chunks");
    }
    return null;
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
    if (n == 0) {
      return;
    }
    if (writeFailure != null) {
      recoverWrites();
    }
    List<ClosedChunk> closed = new ArrayList<>();
    commitLock.lock();
    try {
      ensureOpen();
      CommitRecord.Encoder rec = logRecord;
      rec.reset();
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < n; i++) {
          MemSeries s = getOrRevive(refs[i]);
          if (s == null) {
            throw new StorageException("unknown series ref " + refs[i]);
          }
          if (!s.persisted) {
            putSeries(batch, s);
          }
          rec.add(refs[i], ts[i], vbits[i]);
        }
        batch.put(store.log, StoreCodec.seqKey(nextLogSeq), rec.toArray());
        int symbolsUpTo = putNewSymbols(batch);
        store.db.write(store.writeOptions, batch);
        symbols.markPersisted(symbolsUpTo);
      } catch (RocksDBException e) {
        // Nothing of this commit is applied; a torn record is dropped when the WAL is recovered,
        // and a whole one is deleted by recoverWrites() (its sequence number is reused).
        throw failWrites("write to WAL: log samples", e);
      }
      nextLogSeq++;
      int accepted = 0;
      long stamp = visibility.writeLock();
      try {
        Runnable hook = applyHook;
        for (int i = 0; i < n; i++) {
          MemSeries s = table.get(refs[i]);
          s.persisted = true;
          if (applySample(s, ts[i], vbits[i], closed, true)) {
            accepted++;
          }
          if (i == 0 && hook != null) {
            hook.run();
          }
        }
      } finally {
        visibility.unlockWrite(stamp);
      }
      appended.add(accepted);
      writeClosedChunks(closed);
    } finally {
      commitLock.unlock();
    }
  }

  /**
   * Appends one sample to a head series, cutting a new chunk when the open one is full or the
   * sample falls in a later partition. Returns false when the sample is not newer than the last.
   */
  private boolean applySample(MemSeries s, long t, long vbits, List<ClosedChunk> closed, boolean count) {
    long last = s.lastT;
    if (s.hasSamples && t <= last) {
      if (count && !(t == last && vbits == s.lastVBits)) {
        if (t == last) {
          duplicates.increment();
        } else {
          outOfOrder.increment();
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
      s.chunkEnd = partitionEnd(t);
      chunksCreated.increment();
    }
    c.append(t, Double.longBitsToDouble(vbits));
    s.lastVBits = vbits;
    s.lastT = t;
    s.hasSamples = true;
    noteHeadTime(t);
    return true;
  }

  private void noteHeadTime(long t) {
    if (t < headMinT) {
      headMinT = t;
    }
    if (t < minTSinceWatermark) {
      minTSinceWatermark = t;
    }
    if (t > headMaxT) {
      headMaxT = t;
    }
  }

  private void putSeries(WriteBatch batch, MemSeries s) throws RocksDBException {
    batch.put(store.series, StoreCodec.refKey(s.ref), StoreCodec.encodeLabels(s.labels, symbols));
  }

  /**
   * Adds symbols not yet on disk to the batch (call after the batch's series records are added,
   * so their symbols are included); returns the count to mark persisted once the batch is written.
   */
  private int putNewSymbols(WriteBatch batch) throws RocksDBException {
    int from = symbols.persistedCount();
    int to = symbols.size();
    for (int id = from; id < to; id++) {
      batch.put(store.symbols, StoreCodec.refKey(id), symbols.get(id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return to;
  }

  /** First timestamp after the partition of {@code t} (saturating at the top of the range). */
  long partitionEnd(long t) {
    long p = partition(t);
    return p >= Long.MAX_VALUE / options.blockDuration() ? Long.MAX_VALUE : (p + 1) * options.blockDuration();
  }

  long partition(long t) {
    return Math.floorDiv(t, options.blockDuration());
  }

  /**
   * Persists chunks cut during a commit (and any whose earlier write failed) and forgets their
   * head snapshots; under the commit lock. A failure does not fail the commit, which is durable in
   * the log and applied: the chunks stay in the head ({@code closing}, visible to queries) and
   * pending, checkpoints keep the log (and skip those series' snapshots) until they are written,
   * and appends are refused until the store recovers.
   */
  private void writeClosedChunks(List<ClosedChunk> closed) {
    if (!unwrittenChunks.isEmpty()) {
      unwrittenChunks.addAll(closed);
      closed.clear();
      closed.addAll(unwrittenChunks);
      unwrittenChunks.clear();
    }
    if (closed.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (ClosedChunk cc : closed) {
        putChunk(batch, cc.series.ref, cc.chunk);
        batch.delete(store.head, StoreCodec.refKey(cc.series.ref));
      }
      store.db.write(store.writeOptions, batch);
    } catch (RocksDBException e) {
      unwrittenChunks.addAll(closed);
      closed.clear();
      StorageException failure = failWrites("write chunks", e);
      LOG.error("msg=\"chunks of a committed append stay in memory until they can be written\" err=\"{}\"",
          failure.getMessage());
      return;
    }
    for (ClosedChunk cc : closed) {
      if (cc.series.closing == cc.chunk) {
        cc.series.closing = null;
      }
    }
    closed.clear();
  }

  /**
   * Records a failed write: RocksDB now refuses all writes (read-only background-error state), so
   * appends are refused with this error, in Prometheus's words where it has them ("write to WAL:
   * log samples: ...: no space left on device"), until {@link #recoverWrites()} succeeds.
   */
  private StorageException failWrites(String what, RocksDBException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    String cause = lower.contains("no space left on device") ? "no space left on device"
        : lower.contains("file too large") ? "file too large" : reason;
    StorageException failure = new StorageException(what + ": write " + options.path() + ": " + cause
        + (cause.equals(reason) ? "" : " (" + reason + ")"), e);
    if (writeFailure == null) {
      writeFailure = failure;
      LOG.error("msg=\"storage write failed; appends are refused until it can write again\" path={} err=\"{}\"",
          options.path(), failure.getMessage());
    }
    return failure;
  }

  /** Free bytes needed before a write-failed store is reopened. */
  private static final long RECOVERY_FREE_BYTES = 1L << 20;
  /** At most one reopen attempt per interval while the disk stays full. */
  private static final long RECOVERY_INTERVAL_NANOS = 1_000_000_000L;

  /**
   * Leaves the write-failure state once the disk has room again: reopens RocksDB (RocksJava has
   * no {@code Resume}), deletes the log record a failed commit may have left whole (its samples
   * were never applied, and must not come back at the next start), then writes pending chunks.
   * Throws the refusal (with the original error) while that is not possible. Excludes commits,
   * checkpoints and reads for the reopen, in the order {@link #close()} takes them.
   */
  private void recoverWrites() {
    StorageException failure = writeFailure;
    if (failure == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - nextRecoveryNanos < 0 || usableSpace() < RECOVERY_FREE_BYTES) {
      throw new StorageException(failure.getMessage() + " (appends are refused until the storage can write again)", failure);
    }
    checkpointLock.lock();
    commitLock.lock();
    try {
      ensureOpen();
      if (writeFailure == null) {
        return;
      }
      nextRecoveryNanos = System.nanoTime() + RECOVERY_INTERVAL_NANOS;
      lifecycle.writeLock().lock();
      try {
        store.reopen();
      } finally {
        lifecycle.writeLock().unlock();
      }
      try {
        store.db.delete(store.log, StoreCodec.seqKey(nextLogSeq));
      } catch (RocksDBException e) {
        throw new StorageException(failure.getMessage() + " (still failing: " + e.getMessage() + ")", e);
      }
      writeFailure = null;
      writeClosedChunks(new ArrayList<>());
      if (writeFailure != null) {
        throw new StorageException(writeFailure.getMessage() + " (appends are refused until the storage can write again)", writeFailure);
      }
      LOG.info("msg=\"storage writes again after a write failure\" path={}", options.path());
    } finally {
      commitLock.unlock();
      checkpointLock.unlock();
    }
  }

  private long usableSpace() {
    try {
      return java.nio.file.Files.getFileStore(options.path()).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  private void putChunk(WriteBatch batch, int ref, XorChunk c) throws RocksDBException {
    long mint = c.minTime();
    long p = partition(mint);
    batch.put(store.chunks, StoreCodec.chunkKey(p, ref, mint), StoreCodec.chunkValue(c.maxTime(), c.toBytes()));
    if (p < diskMinPartition) {
      diskMinPartition = p;
    }
    if (p > diskMaxPartition) {
      diskMaxPartition = p;
    }
    if (mint < diskMinT) {
      diskMinT = mint;
    }
    if (c.maxTime() > diskMaxT) {
      diskMaxT = c.maxTime();
    }
  }

  // ---------------------------------------------------------------- maintenance

  private void maintain() {
    try {
      checkpoint();
      applyRetention();
    } catch (RuntimeException e) {
      LOG.error("msg=\"TSDB maintenance failed\" path={} err=\"{}\"", options.path(), e.toString(), e);
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
  public void checkpoint() {
    long watermark;
    checkpointLock.lock();
    try {
      if (writeFailure != null) {
        recoverWrites();
      }
      MemSeries[] heads;
      long idleBefore;
      commitLock.lock();
      try {
        if (closed) {
          return;
        }
        if (!unwrittenChunks.isEmpty()) {
          writeClosedChunks(new ArrayList<>());
          if (!unwrittenChunks.isEmpty()) {
            throw new StorageException("checkpoint: " + writeFailure.getMessage(), writeFailure);
          }
        }
        watermark = nextLogSeq;
        heads = table.headArray();
        idleBefore = headMaxT == Long.MIN_VALUE ? Long.MIN_VALUE : headMaxT - options.headIdleTime();
        minTSinceWatermark = Long.MAX_VALUE;
      } finally {
        commitLock.unlock();
      }
      Runnable hook = checkpointHook;
      if (hook != null) {
        hook.run();
      }
      List<MemSeries> idle = new ArrayList<>();
      boolean[] skipped = new boolean[1];
      long newHeadMinT = snapshotHead(heads, idleBefore, idle, skipped);
      for (int from = 0; from < idle.size(); from += EVICT_GROUP) {
        newHeadMinT = Math.min(newHeadMinT, evict(idle, from, Math.min(idle.size(), from + EVICT_GROUP), idleBefore));
      }
      commitLock.lock();
      try {
        ensureOpen();
        if (skipped[0] || !unwrittenChunks.isEmpty()) {
          // A series' cut chunk was not (yet) written: its new chunk was not snapshotted and its
          // samples before the watermark exist only in the log, which must stay.
          return;
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(store.meta, META_LOG_START, longBytes(watermark));
          int symbolsUpTo = putNewSymbols(batch);
          store.db.write(store.writeOptions, batch);
          symbols.markPersisted(symbolsUpTo);
        }
        // The head only holds open chunks after a checkpoint: those seen now and any begun since.
        headMinT = Math.min(newHeadMinT, minTSinceWatermark);
      } catch (RocksDBException e) {
        throw failWrites("checkpoint", e);
      } finally {
        commitLock.unlock();
      }
      try {
        truncateLog(watermark); // commits only write at or after the watermark
      } catch (RocksDBException e) {
        throw failWrites("checkpoint", e);
      }
    } finally {
      checkpointLock.unlock();
    }
    compactLog(watermark);
    reading(() -> {
      try {
        store.flushAll();
      } catch (RocksDBException e) {
        throw failWrites("checkpoint", e);
      }
      return null;
    });
  }

  /** Series evicted per hold of the commit lock. */
  private static final int EVICT_GROUP = 1024;
  /** Head snapshots per write batch (bounds the batch's memory at millions of series). */
  private static final int SNAPSHOT_BATCH = 8192;

  /**
   * Writes snapshots of changed open chunks without the commit lock; collects idle series.
   * Returns the smallest open-chunk start seen.
   */
  private long snapshotHead(MemSeries[] heads, long idleBefore, List<MemSeries> idle, boolean[] skipped) {
    long newHeadMinT = Long.MAX_VALUE;
    MemSeries[] pending = new MemSeries[SNAPSHOT_BATCH];
    XorChunk[] pendingChunks = new XorChunk[SNAPSHOT_BATCH];
    int[] pendingCounts = new int[SNAPSHOT_BATCH];
    int np = 0;
    Runnable snapHook = snapshotHook;
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
        if (s.closing != null) {
          // The chunk before c is not written yet: writing c's snapshot now would replace the
          // one that holds the older chunk's samples (and its write deletes the snapshot key).
          skipped[0] = true;
          newHeadMinT = Math.min(newHeadMinT, s.closing.minTime());
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
        batch.put(store.head, StoreCodec.refKey(s.ref), bytes);
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
      throw failWrites("checkpoint", e);
    } finally {
      batch.close();
    }
    return newHeadMinT;
  }

  private void writeSnapshots(WriteBatch batch, MemSeries[] series, XorChunk[] chunks, int[] counts, int n)
      throws RocksDBException {
    if (n == 0) {
      return;
    }
    reading(() -> {
      try {
        store.db.write(store.writeOptions, batch);
      } catch (RocksDBException e) {
        throw failWrites("checkpoint", e);
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
  private long evict(List<MemSeries> idle, int from, int to, long idleBefore) {
    List<MemSeries> evicted = new ArrayList<>(to - from);
    long staying = Long.MAX_VALUE;
    commitLock.lock();
    try {
      ensureOpen();
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = from; i < to; i++) {
          MemSeries s = idle.get(i);
          XorChunk c = s.chunk;
          if (table.get(s.ref) != s) {
            continue; // already replaced by a revived copy, seen by the next checkpoint
          }
          if (c != null && s.lastT >= idleBefore) {
            staying = Math.min(staying, c.minTime()); // written to since the scan
            continue;
          }
          // Idle or empty: its data lives on disk from now on; it comes back on its next sample.
          if (!s.persisted) {
            putSeries(batch, s);
          }
          if (c != null) {
            putChunk(batch, s.ref, c);
          }
          batch.delete(store.head, StoreCodec.refKey(s.ref));
          batch.put(store.lastTime, StoreCodec.refKey(s.ref), longBytes(s.lastT));
          evicted.add(s);
        }
        if (evicted.isEmpty()) {
          return staying;
        }
        int symbolsUpTo = putNewSymbols(batch);
        store.db.write(store.writeOptions, batch);
        symbols.markPersisted(symbolsUpTo);
      } catch (RocksDBException e) {
        throw failWrites("checkpoint", e);
      }
      synchronized (table) {
        for (MemSeries s : evicted) {
          s.persisted = true;
          table.removeHead(s.ref);
        }
      }
      seriesEvicted.add(evicted.size());
    } finally {
      commitLock.unlock();
    }
    return staying;
  }

  /**
   * Removes log records before {@code seq}: whole SST files in the range are dropped at once (the
   * log is written in key order, so almost all of them are), a range tombstone covers the rest.
   */
  private void truncateLog(long seq) throws RocksDBException {
    byte[] from = StoreCodec.seqKey(0);
    byte[] to = StoreCodec.seqKey(seq);
    store.db.deleteRange(store.log, from, to);
    store.db.deleteFilesInRanges(store.log, List.of(from, to), false);
  }

  /** Rewrites what truncation left behind (level-0 files are never dropped by file deletion). */
  private void compactLog(long seq) {
    try {
      store.db.compactRange(store.log, StoreCodec.seqKey(0), StoreCodec.seqKey(seq));
    } catch (RocksDBException e) {
      throw new StorageException("compacting the append log at " + options.path() + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Drops whole partitions older than the retention time, then the oldest partitions while the
   * directory is larger than the retention size. One {@code deleteRange} per decision.
   */
  public void applyRetention() {
    long compactBefore = Long.MIN_VALUE;
    commitLock.lock();
    try {
      if (closed || diskMinPartition > diskMaxPartition) {
        return;
      }
      long newest = maxTime();
      boolean deleted = false;
      if (options.retentionTime() > 0 && newest >= Long.MIN_VALUE + options.retentionTime()) {
        // A partition goes once all of it is older than the retention window.
        long keepFrom = partition(newest - options.retentionTime());
        if (keepFrom > diskMinPartition) {
          dropPartitionsBefore(keepFrom);
          deleted = true;
        }
      }
      if (options.retentionSize() > 0) {
        while (diskMinPartition < diskMaxPartition && store.diskSize() > options.retentionSize()) {
          dropPartitionsBefore(diskMinPartition + 1);
          scanDiskRange(); // jump to the next partition that exists
          deleted = true;
        }
      }
      if (deleted) {
        compactBefore = diskMinPartition;
        removeEmptiedSeries(diskMinPartition);
        scanDiskRange();
      }
    } finally {
      commitLock.unlock();
    }
    if (compactBefore != Long.MIN_VALUE) {
      long before = compactBefore;
      // Outside the lock: hands the space back now rather than at some later compaction.
      reading(() -> {
        try {
          store.db.compactRange(store.chunks, StoreCodec.partitionKey(Long.MIN_VALUE), StoreCodec.partitionKey(before));
        } catch (RocksDBException e) {
          throw new StorageException("retention at " + options.path() + " failed: " + e.getMessage(), e);
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
  private void removeEmptiedSeries(long firstKeptPartition) {
    org.roaringbitmap.RoaringBitmap dead = new org.roaringbitmap.RoaringBitmap();
    synchronized (table) {
      try (RocksIterator it = store.db.newIterator(store.lastTime); WriteBatch batch = new WriteBatch()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          int ref = StoreCodec.refFromKey(it.key());
          long last = StoreCodec.getLong(it.value(), 0);
          if (table.get(ref) == null && (last == Long.MIN_VALUE || partition(last) < firstKeptPartition)) {
            Labels l = loadLabelsOpen(ref);
            if (l != null) {
              table.removeRef(l.hash(), ref);
            }
            dead.add(ref);
            batch.delete(store.series, StoreCodec.refKey(ref));
            batch.delete(store.lastTime, StoreCodec.refKey(ref));
            batch.delete(store.tombstones, StoreCodec.refKey(ref)); // refs can be reused after a restart
          }
        }
        checkIterator(it, "lasttime");
        store.db.write(store.writeOptions, batch);
      } catch (RocksDBException e) {
        throw new StorageException("removing expired series at " + options.path() + " failed: " + e.getMessage(), e);
      }
    }
    if (!dead.isEmpty()) {
      tombstones.forget(dead);
      index.removeAll(dead);
      seriesRemoved.add(dead.getCardinality());
    }
  }

  private void dropPartitionsBefore(long partition) {
    byte[] from = StoreCodec.partitionKey(Long.MIN_VALUE);
    byte[] to = StoreCodec.partitionKey(partition);
    try {
      store.db.deleteRange(store.chunks, from, to); // compacted by the caller, outside the lock
    } catch (RocksDBException e) {
      throw new StorageException("retention at " + options.path() + " failed: " + e.getMessage(), e);
    }
    diskMinPartition = partition;
    long firstKept = partition * options.blockDuration();
    if (firstKept > minValidTime) {
      minValidTime = firstKept;
    }
    LOG.info("msg=\"retention dropped partitions\" path={} before_time={}", options.path(), partition * options.blockDuration());
  }

  // ---------------------------------------------------------------- admin

  /**
   * Deletes the data in {@code [mint, maxt]} of every series matching any of the matcher sets, as
   * Prometheus's {@code /api/v1/admin/tsdb/delete_series}: tombstones are recorded (durably) and
   * queries stop returning the covered samples at once; {@link #cleanTombstones()} removes the data.
   * Series stay in the index, as in Prometheus until compaction.
   */
  public void deleteSeries(long mint, long maxt, List<Matcher[]> matcherSets) {
    ensureOpen();
    if (mint > maxt || matcherSets.isEmpty()) {
      return;
    }
    org.roaringbitmap.RoaringBitmap refs = new org.roaringbitmap.RoaringBitmap();
    for (Matcher[] set : matcherSets) {
      refs.or(index.select(set));
    }
    if (refs.isEmpty()) {
      return;
    }
    reading(() -> {
      try {
        tombstones.add(store, refs.toArray(), mint, maxt);
      } catch (RocksDBException e) {
        throw new StorageException("deleting series at " + options.path() + " failed: " + e.getMessage(), e);
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
  public void cleanTombstones() {
    checkpointLock.lock();
    try {
      ensureOpen();
      java.util.Map<Integer, long[]> todo = tombstones.snapshot();
      if (todo.isEmpty()) {
        return;
      }
      for (java.util.Map.Entry<Integer, long[]> e : todo.entrySet()) {
        rewriteDiskChunks(e.getKey(), e.getValue());
        rewriteHeadChunk(e.getKey(), e.getValue());
      }
      checkpoint();
      reading(() -> {
        try {
          tombstones.removeCleaned(store, todo);
        } catch (RocksDBException e) {
          throw new StorageException("cleaning tombstones at " + options.path() + " failed: " + e.getMessage(), e);
        }
        return null;
      });
    } finally {
      checkpointLock.unlock();
    }
  }

  /** Rewrites (or deletes) a series' persisted chunks that overlap deleted intervals. */
  private void rewriteDiskChunks(int ref, long[] deleted) {
    long lastP = Math.min(partition(deleted[deleted.length - 1]), diskMaxPartition);
    long p = Math.max(partition(deleted[0]), diskMinPartition);
    try (RocksIterator it = store.db.newIterator(store.chunks); WriteBatch batch = new WriteBatch()) {
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
          batch.delete(store.chunks, k);
          if (kept.numSamples() > 0) {
            putChunk(batch, ref, kept);
          }
        }
        if (p == Long.MAX_VALUE) {
          break;
        }
        p++;
      }
      checkIterator(it, "chunks");
      store.db.write(store.writeOptions, batch);
    } catch (RocksDBException e) {
      throw new StorageException("cleaning tombstones at " + options.path() + " failed: " + e.getMessage(), e);
    }
  }

  /** Replaces a head series' open chunk by a copy without the deleted samples. */
  private void rewriteHeadChunk(int ref, long[] deleted) {
    commitLock.lock();
    try {
      MemSeries s = table.get(ref);
      XorChunk c = s == null ? null : s.chunk;
      if (c == null || !Tombstones.overlaps(deleted, c.minTime(), c.maxTime())) {
        return;
      }
      XorChunk kept = withoutDeleted(c.iterator(), deleted);
      long stamp = visibility.writeLock();
      try {
        // An emptied series leaves the head at the checkpoint that follows; lastT still guards order.
        s.chunk = kept.numSamples() > 0 ? kept : null;
      } finally {
        visibility.unlockWrite(stamp);
      }
    } finally {
      commitLock.unlock();
    }
  }

  private static XorChunk withoutDeleted(SampleIterator it, long[] deleted) {
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
   * checkpoint (hard links where possible), openable with {@link #open}. Unless {@code skipHead},
   * a checkpoint first snapshots the head so the copy needs no log replay. With {@code skipHead}
   * the copy still holds everything committed (head snapshots and log included): unlike
   * Prometheus, head data is not left out, only the extra checkpoint is.
   *
   * @throws StorageException for an invalid or existing name, or when the copy fails
   */
  public void snapshot(String name, boolean skipHead) {
    ensureOpen();
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")
        || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
      throw new StorageException("invalid snapshot name \"" + name + "\"");
    }
    if (!skipHead) {
      checkpoint();
    }
    java.nio.file.Path target = options.path().resolve("snapshots").resolve(name);
    try {
      java.nio.file.Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new StorageException("create snapshot: " + e.getMessage(), e);
    }
    if (java.nio.file.Files.exists(target)) {
      throw new StorageException("create snapshot: " + target + " already exists");
    }
    reading(() -> {
      try (org.rocksdb.Checkpoint cp = org.rocksdb.Checkpoint.create(store.db)) {
        cp.createCheckpoint(target.toString());
      } catch (RocksDBException e) {
        throw new StorageException("create snapshot " + target + ": " + e.getMessage(), e);
      }
      return null;
    });
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
        StorageException failure = writeFailure;
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

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    StoreCodec.putLong(b, 0, v);
    return b;
  }

  /** A chunk cut during a commit, waiting to be written. */
  private record ClosedChunk(MemSeries series, XorChunk chunk) {}
}
