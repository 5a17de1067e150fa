package io.promethium.tsdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB database under a {@link Tsdb}, one column family per kind of data:
 *
 * <ul>
 *   <li>{@code symbols}: id → string, every label name and value once.
 *   <li>{@code series}: ref → labels as symbol ids. The postings index is not kept in step with it:
 *       every write stays a single small record. A start takes the index from the snapshot in
 *       {@code meta} ({@link IndexSnapshots}), checked against this family, or rebuilds it from
 *       this family, so index and series never disagree after a crash.
 *   <li>{@code chunks}: persisted full chunks, keyed by time partition first so retention is one
 *       {@code deleteRange}. zstd: XOR chunks of Istio data compress to about half.
 *   <li>{@code head}: snapshots of open chunks, taken at checkpoints.
 *   <li>{@code log}: per-commit records written since the last checkpoint; replayed at start.
 *   <li>{@code meta}: format version, log start, series deletion count, index snapshot.
 *   <li>{@code lasttime}: ref → last sample time of series evicted from the head, so retention
 *       can tell which series it emptied without scanning chunks.
 * </ul>
 *
 * Durability comes from RocksDB's WAL (not synced per write: we promise survival of a process
 * crash, not of a power loss).
 */
final class RocksStore implements AutoCloseable {
  static final String[] FAMILIES = {"symbols", "series", "chunks", "head", "log", "meta", "lasttime", "tombstones"};

  // Not final: reopen() replaces them after a write error (RocksJava has no DB::Resume). Users
  // read them on every use, under the storage's lifecycle lock, which reopen holds exclusively.
  volatile RocksDB db;
  volatile ColumnFamilyHandle symbols;
  volatile ColumnFamilyHandle series;
  volatile ColumnFamilyHandle chunks;
  volatile ColumnFamilyHandle head;
  volatile ColumnFamilyHandle log;
  volatile ColumnFamilyHandle meta;
  volatile ColumnFamilyHandle lastTime;
  volatile ColumnFamilyHandle tombstones;
  final WriteOptions writeOptions;
  private volatile List<ColumnFamilyHandle> handles = List.of();
  private final DBOptions dbOptions;
  private final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
  private final List<AutoCloseable> resources = new ArrayList<>();
  final Path path;

  static {
    RocksDB.loadLibrary();
  }

  RocksStore(Path path) {
    this.path = path;
    try {
      Files.createDirectories(path);
    } catch (java.io.IOException e) {
      throw new StorageException("cannot create data directory " + path + ": " + e.getMessage(), e);
    }
    // Small on purpose: queries read the head from the heap, and persisted chunks are read once
    // per query in key order, so a large block cache would mostly hold resident memory.
    LRUCache cache = new LRUCache(32L << 20);
    resources.add(cache);
    // One budget for all memtables: resident memory must not grow with the number of families.
    // Each checkpoint flushes them all, so they only ever hold about one interval of writes.
    WriteBufferManager memtables = new WriteBufferManager(64L << 20, cache);
    resources.add(memtables);
    org.rocksdb.SstFileManager files;
    try {
      files = new org.rocksdb.SstFileManager(org.rocksdb.Env.getDefault());
    } catch (RocksDBException e) {
      throw new StorageException("opening storage at " + path + " failed: " + e.getMessage(), e);
    }
    resources.add(files);
    RocksWarningLog infoLog = new RocksWarningLog(path.toString());
    resources.add(infoLog);
    dbOptions = walOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setWriteBufferManager(memtables)
        .setParanoidChecks(true)
        .setMaxBackgroundJobs(2)
        // No info log file in the data directory (it counted against the disk and size
        // retention): warnings and errors go to SLF4J; no periodic statistics dumps.
        .setInfoLogLevel(org.rocksdb.InfoLogLevel.WARN_LEVEL)
        .setLogger(infoLog)
        .setSstFileManager(files)
        .setStatsDumpPeriodSec(0)
        // Keep what the WAL replay recovers in memtables instead of flushing it before open returns.
        .setAvoidFlushDuringRecovery(true)
        // Rarely written families (series, head, meta) would otherwise pin old WAL files forever.
        .setMaxTotalWalSize(64L << 20);
    resources.add(dbOptions);
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions(cache, CompressionType.NO_COMPRESSION, false, 1L << 20)));
    for (String name : FAMILIES) {
      CompressionType compression = switch (name) {
        // Chunks and head snapshots compress to about half with zstd (Istio data: many series
        // share timestamps, integer counters leave repeated bit patterns); both are written once a
        // minute at most per series, so the CPU is negligible. The log rarely reaches an SST.
        case "symbols", "series", "chunks", "head" -> CompressionType.ZSTD_COMPRESSION;
        case "log" -> CompressionType.LZ4_COMPRESSION;
        default -> CompressionType.NO_COMPRESSION;
      };
      // Only the log and chunks take a steady stream of writes; the rest get small memtables.
      long writeBuffer = name.equals("log") || name.equals("chunks") ? 32L << 20 : 4L << 20;
      ColumnFamilyOptions cf = cfOptions(cache, compression, name.equals("series"), writeBuffer);
      if (name.equals("head")) {
        // A checkpoint writes a snapshot per changed head series in a burst (~150 MB at 1M
        // series). Write stalls are database-wide, so memtables or level-0 files piling up here
        // would delay commits' log writes: let this family absorb the burst instead.
        // Every checkpoint flushes a new version of most snapshots: merge early so at most about
        // two versions occupy the disk.
        cf.setLevel0FileNumCompactionTrigger(2);
        cf.setMaxWriteBufferNumber(6)
            .setLevel0SlowdownWritesTrigger(64)
            .setLevel0StopWritesTrigger(128);
      }
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), cf));
    }
    try {
      openDb();
    } catch (RocksDBException e) {
      closeResources();
      throw new StorageException("opening storage at " + path + " failed: " + e.getMessage(), e);
    }
    writeOptions = new WriteOptions().setSync(false);
    resources.add(writeOptions);
  }

  private void openDb() throws RocksDBException {
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    db = RocksDB.open(dbOptions, path.toString(), descriptors, opened);
    handles = opened;
    symbols = handles.get(1);
    series = handles.get(2);
    chunks = handles.get(3);
    head = handles.get(4);
    log = handles.get(5);
    meta = handles.get(6);
    lastTime = handles.get(7);
    tombstones = handles.get(8);
  }

  /** Whether the database is open (false after a failed {@link #reopen()}). */
  boolean isOpen() {
    return db != null;
  }

  /**
   * Closes and opens the database again, without flushing: the way out of RocksDB's read-only
   * background-error state after a write failed (disk full), which RocksJava cannot resume. The
   * WAL recovery drops a torn last record. The caller excludes every other use of the handles.
   *
   * @throws StorageException when the open fails; {@link #isOpen()} is then false and a later
   *     call may try again
   */
  void reopen() {
    RocksDB old = db;
    db = null;
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    handles = List.of();
    if (old != null) {
      old.close();
    }
    try {
      openDb();
    } catch (RocksDBException e) {
      db = null;
      throw new StorageException("reopening storage at " + path + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Options without a Java setter, through RocksDB's options-string parser. No preallocation: a WAL
   * file would otherwise take write_buffer_size x 1.1 = 35 MiB of disk blocks from its first write,
   * which is what df, du and a full disk see.
   *
   * <p>No WAL compression. RocksDB compresses each WAL record on its own with zstd at its default
   * level (tables sized for an unknown input), so a commit record (~5 KB per Istio scrape) cost
   * ~190 us, almost all in ZSTD_compressBlock_doubleFast: 9-10 % of the whole server's CPU at 100
   * Istio targets (perf), for a WAL that only ever holds the minute since the last checkpoint.
   * Without it the directory holds up to ~5 B per sample of that minute more before each
   * checkpoint (and ~19 instead of ~2 in the one minute in which every series cuts a chunk at
   * once); after checkpoints nothing changes (DiskUsageBenchmark). Stores written with a
   * compressed WAL still replay it: each WAL file records its compression (CompressedWalStoreTest).
   */
  private static DBOptions walOptions() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("allow_fallocate", "false");
    DBOptions o = DBOptions.getDBOptionsFromProps(p);
    if (o == null) {
      throw new StorageException("RocksDB rejected the options " + p);
    }
    return o;
  }

  /**
   * Flushes every family's memtable so that RocksDB can delete all WAL files written so far
   * (a WAL file lives until every family with data in it has flushed). Called after a checkpoint
   * truncated the log: the log's records then mostly vanish in the flush instead of lingering in
   * the WAL, and the WAL stays about one checkpoint interval long.
   */
  void flushAll() throws RocksDBException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    }
  }

  private ColumnFamilyOptions cfOptions(LRUCache cache, CompressionType compression, boolean bloom, long writeBuffer) {
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setBlockSize(16 * 1024);
    if (bloom) {
      BloomFilter filter = new BloomFilter(10);
      resources.add(filter);
      table.setFilterPolicy(filter);
    }
    ColumnFamilyOptions o = new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setCompressionType(compression)
        .setWriteBufferSize(writeBuffer);
    resources.add(o);
    return o;
  }

  /** Total bytes of all files in the data directory (what size retention limits), snapshots excluded. */
  long diskSize() {
    Path snapshots = path.resolve("snapshots");
    try (var files = Files.walk(path)) {
      long total = 0;
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p) && !p.startsWith(snapshots)) {
          try {
            total += Files.size(p);
          } catch (java.nio.file.NoSuchFileException gone) {
            // RocksDB deleted an obsolete file while we walked; it no longer counts.
          }
        }
      }
      return total;
    } catch (java.io.IOException e) {
      throw new StorageException("measuring " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    RocksDB db = this.db;
    if (db == null) {
      closeResources();
    } else {
      try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        // Memtables to SST files: the next start then replays no RocksDB WAL.
        db.flush(flush, handles);
        db.flushWal(true);
      } catch (RocksDBException e) {
        throw new StorageException("flushing WAL at " + path + ": " + e.getMessage(), e);
      } finally {
        for (ColumnFamilyHandle h : handles) {
          h.close();
        }
        db.close();
        this.db = null;
        closeResources();
      }
    }
  }

  private void closeResources() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        throw new StorageException("closing RocksDB resource: " + e.getMessage(), e);
      }
    }
    resources.clear();
  }
}
