package io.promethium.tsdb;

import io.promethium.tsdb.index.PostingsBuilder;
import io.promethium.tsdb.index.PostingsSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link PostingsSnapshot} of the {@code series} family in {@code meta}, so a start reads
 * postings and label hashes instead of rebuilding them (most of the time to ready after a crash at
 * 300k series). Maintenance rewrites it once a tenth of the series are new or gone since; nothing
 * else has to keep it current, because a start checks every series against it (see
 * {@link PostingsSnapshot}).
 */
final class IndexSnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(IndexSnapshots.class);
  static final byte[] META_KEY = "indexSnapshot".getBytes(StandardCharsets.US_ASCII);
  /** The hash of a fixed label set: stored hashes are used only by a build that agrees on it. */
  static final long HASH_PROBE = Labels.of("__name__", "up", "instance", "localhost:9090", "job", "prometheus").hash();

  private final Tsdb db;
  /** Below this many series there is no snapshot: rebuilding is quick. Lowered by tests. */
  int minSeries = 10_000;
  /** What the stored snapshot describes: series, highest ref, and series removed when it was taken. */
  private int count;
  private int maxRef;
  private long removedAt;
  /** Series the snapshot described that the last start found gone or changed. */
  private long staleAtStart;
  /** How the last start used the snapshot: series taken from it, and whether each was checked. */
  int seriesFromSnapshotAtStart;
  boolean checkedAtStart;

  IndexSnapshots(Tsdb db) {
    this.db = db;
  }

  /** The stored snapshot, or null when there is none or it cannot be used (logged). */
  PostingsSnapshot read(String[] byId, int symbolCount) {
    byte[] bytes;
    try {
      bytes = db.store.db.get(db.store.meta, META_KEY);
    } catch (RocksDBException e) {
      throw new StorageException("reading the index snapshot at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
    if (bytes == null) {
      return null;
    }
    try {
      return PostingsSnapshot.decode(bytes, HASH_PROBE, byId, symbolCount);
    } catch (IllegalArgumentException e) {
      // Only a shortcut: the full rebuild gives the same index, and the next maintenance rewrites it.
      LOG.warn("msg=\"ignoring the index snapshot, rebuilding the index\" path={} reason=\"{}\"", db.options.path(), e.getMessage());
      return null;
    }
  }

  /** Series the stored snapshot describes (0: none). */
  int describedSeries() {
    return count;
  }

  /**
   * Records what the snapshot found at start describes and how it was used ({@code checked}:
   * against every record); called once, before maintenance runs.
   */
  void loaded(PostingsSnapshot snapshot, long stale, int used, boolean checked) {
    seriesFromSnapshotAtStart = used;
    checkedAtStart = checked;
    count = snapshot.count();
    maxRef = count == 0 ? 0 : snapshot.refs()[count - 1];
    staleAtStart = stale;
    removedAt = 0;
  }

  /** Writes a new snapshot when a tenth of the series (and at least a few hundred) changed. */
  void maintain() {
    int refs = db.table.refCount();
    if (refs < minSeries) {
      return;
    }
    long changed = Math.max(0, lastRef() - maxRef) + staleAtStart + (db.seriesRemoved.sum() - removedAt);
    if (count > 0 && changed < Math.max(Math.max(1, minSeries / 20), count / 10)) {
      return;
    }
    write();
  }

  private int lastRef() {
    synchronized (db.table) {
      return db.nextRef - 1;
    }
  }

  /** Builds the snapshot from a consistent view of the {@code series} family and stores it. */
  void write() {
    long started = System.nanoTime();
    long removed = db.seriesRemoved.sum();
    Built built = db.reading(this::build);
    byte[] bytes = built.bytes();
    try {
      db.store.db.put(db.store.meta, db.store.writeOptions, META_KEY, bytes);
    } catch (RocksDBException e) {
      throw new StorageException("writing the index snapshot at " + db.options.path() + " failed: " + e.getMessage(), e);
    }
    count = built.count();
    maxRef = built.maxRef();
    removedAt = removed;
    staleAtStart = 0;
    LOG.info("msg=\"TSDB index snapshot written\" path={} series={} bytes={} duration_ms={}",
        db.options.path(), count, bytes.length, (System.nanoTime() - started) / 1_000_000);
  }

  private record Built(byte[] bytes, int count, int maxRef) {}

  private Built build() {
    int n = 0;
    int[] refs = new int[Math.max(16, db.table.refCount())];
    long[] hashes = new long[refs.length];
    int[] checksums = new int[refs.length];
    PostingsBuilder postings = new PostingsBuilder();
    CRC32C crc = new CRC32C();
    int[] ids = new int[64];
    long deletions;
    // One view for the records and the deletion count; a series record is written together with
    // (or after) its symbols, so every symbol the view can hold is in the table read after it.
    org.rocksdb.Snapshot view = db.store.db.getSnapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(view).setFillCache(false);
        RocksIterator it = db.store.db.newIterator(db.store.series, ro)) {
      byte[] d = db.store.db.get(db.store.meta, ro, StoreCodec.META_SERIES_DELETIONS);
      deletions = d == null ? 0 : StoreCodec.getLong(d, 0);
      String[] byId = db.symbols.array();
      long[] keys = SeriesRangeLoad.symbolKeys(byId, db.symbols.size());
      for (it.seekToFirst(); it.isValid(); it.next()) {
        int ref = StoreCodec.refFromKey(it.key());
        byte[] record = it.value();
        ids = SeriesRangeLoad.decodeChecked(db, ref, record, ids, byId, keys);
        if (n == refs.length) {
          refs = Arrays.copyOf(refs, n * 2);
          hashes = Arrays.copyOf(hashes, n * 2);
          checksums = Arrays.copyOf(checksums, n * 2);
        }
        crc.reset();
        crc.update(record, 0, record.length);
        refs[n] = ref;
        hashes[n] = Labels.hashOfKeys(keys, ids, 1, ids[0]);
        checksums[n] = (int) crc.getValue();
        n++;
        postings.add(ref, ids, 1, ids[0]);
      }
      db.checkIterator(it, "series");
    } catch (RocksDBException e) {
      throw new StorageException("reading series for the index snapshot at " + db.options.path() + " failed: " + e.getMessage(), e);
    } finally {
      db.store.db.releaseSnapshot(view);
    }
    postings.seal();
    return new Built(PostingsSnapshot.encode(HASH_PROBE, deletions, n, refs, hashes, checksums, postings), n, n == 0 ? 0 : refs[n - 1]);
  }
}
