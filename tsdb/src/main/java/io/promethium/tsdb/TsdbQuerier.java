package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;
import org.rocksdb.RocksIterator;

/**
 * Reads a {@link Tsdb} over {@code [mint, maxt]}: the postings index picks the series, then each
 * series' persisted chunks overlapping the range (a seek per partition) and its head chunks are
 * gathered. Persisted chunk bytes are fetched here; decoding happens lazily in the iterators.
 */
final class TsdbQuerier implements Querier {
  private static final XorChunk[] NO_CHUNKS = new XorChunk[0];
  private static final byte[][] NO_BYTES = new byte[0][];
  private static final long[] NO_TIMES = new long[0];
  private final Tsdb db;
  private final long mint;
  private final long maxt;

  TsdbQuerier(Tsdb db, long mint, long maxt) {
    this.db = db;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    if (mint > maxt) {
      return SeriesSet.EMPTY;
    }
    RoaringBitmap refs = db.index.select(matchers);
    if (refs.isEmpty()) {
      return SeriesSet.EMPTY;
    }
    int[] refArr = refs.toArray();
    int n = refArr.length;
    // Head chunks first, then disk iterators (implicit snapshots) created after: a chunk cut and
    // persisted in between is seen at least once; the series iterator skips the duplicates.
    MemSeries[] inHead = new MemSeries[n];
    XorChunk[][] heads = new XorChunk[n][];
    long[] visibleTo = new long[n];
    // Isolation: capture every series' visible end between commits (optimistically, retrying
    // under the read lock when a commit was applied meanwhile). Samples after it are clipped.
    java.util.concurrent.locks.StampedLock visibility = db.visibility;
    long stamp = visibility.tryOptimisticRead();
    captureHead(refArr, inHead, heads, visibleTo);
    if (stamp == 0 || !visibility.validate(stamp)) {
      stamp = visibility.readLock();
      try {
        captureHead(refArr, inHead, heads, visibleTo);
      } finally {
        visibility.unlockRead(stamp);
      }
    }
    @SuppressWarnings("unchecked")
    List<byte[]>[] disk = new List[n];
    long firstP = Math.max(db.partition(mint), db.diskMinPartition);
    long lastP = Math.min(db.partition(maxt), db.diskMaxPartition);
    db.reading(() -> {
      // Visit only partitions that exist: timestamps may span the whole long range. A range
      // outside every persisted partition (recent data held by the head) opens no RocksDB iterator.
      long p = firstP <= lastP ? nextPartition(firstP) : Long.MAX_VALUE;
      while (p <= lastP) {
        readPartition(p, refArr, disk);
        if (p == Long.MAX_VALUE) {
          break;
        }
        p = nextPartition(p + 1);
      }
      return null;
    });
    StoredSeries[] out = new StoredSeries[n];
    int found = 0;
    for (int i = 0; i < n; i++) {
      if (disk[i] == null && heads[i].length == 0) {
        continue;
      }
      byte[][] chunks = NO_BYTES;
      long[] diskMaxT = NO_TIMES;
      if (disk[i] != null) {
        chunks = disk[i].toArray(NO_BYTES);
        diskMaxT = new long[chunks.length];
        for (int c = 0; c < chunks.length; c++) {
          diskMaxT[c] = StoreCodec.getLong(chunks[c], 0);
        }
      }
      StoredSeries series = new StoredSeries(null, chunks, diskMaxT, heads[i], mint,
          Math.min(maxt, visibleTo[i]), db.tombstones.get(refArr[i]));
      if (!series.prime()) {
        continue; // chunks overlap the range but no sample falls inside it
      }
      series.labels = inHead[i] != null ? db.resolver.labelsOf(inHead[i]) : db.labelsOf(refArr[i]);
      if (series.labels == null) {
        throw new StorageException("series " + refArr[i] + " has chunks but no labels at " + db.options().path());
      }
      out[found++] = series;
    }
    if (sorted && found > 1) {
      java.util.Arrays.sort(out, 0, found, BY_LABELS);
    }
    return new ArraySeriesSet(out, found);
  }

  /**
   * {@link Labels#compareTo}'s order, comparing strings only where the references differ: the
   * store interns every label string, so the long shared prefixes of similar series (same
   * metric, job, namespace...) cost a reference check per label instead of a character walk.
   */
  static final java.util.Comparator<Series> BY_LABELS = (x, y) -> compareLabels(x.labels(), y.labels());

  static int compareLabels(Labels a, Labels b) {
    int na = a.size();
    int nb = b.size();
    int n = Math.min(na, nb);
    for (int i = 0; i < n; i++) {
      String p = a.name(i);
      String q = b.name(i);
      if (p != q) {
        int c = p.compareTo(q);
        if (c != 0) {
          return c;
        }
      }
      p = a.value(i);
      q = b.value(i);
      if (p != q) {
        int c = p.compareTo(q);
        if (c != 0) {
          return c;
        }
      }
    }
    return Integer.compare(na, nb);
  }

  /**
   * A head series' visible end is its last committed timestamp (per series, samples are strictly
   * increasing, so "up to lastT" is exactly the samples of the commits applied so far). A series
   * not in the head has all its data on disk, written by finished commits.
   */
  private void captureHead(int[] refs, MemSeries[] inHead, XorChunk[][] heads, long[] visibleTo) {
    for (int i = 0; i < refs.length; i++) {
      MemSeries s = db.table.get(refs[i]);
      inHead[i] = s;
      heads[i] = headChunks(s);
      visibleTo[i] = s == null ? Long.MAX_VALUE : s.hasSamples ? s.lastT : Long.MIN_VALUE;
    }
  }

  private static XorChunk[] headChunks(MemSeries s) {
    if (s == null) {
      return NO_CHUNKS;
    }
    XorChunk closing = s.closing;
    XorChunk open = s.chunk;
    if (closing != null && open != null) {
      return new XorChunk[] {closing, open};
    }
    return open != null ? new XorChunk[] {open} : NO_CHUNKS;
  }

  /** The first partition at or after {@code p} that holds chunks, or {@code Long.MAX_VALUE}. */
  private long nextPartition(long p) {
    try (RocksIterator it = db.store.db.newIterator(db.store.chunks)) {
      it.seek(StoreCodec.partitionKey(p));
      if (it.isValid()) {
        return StoreCodec.chunkKeyPartition(it.key());
      }
      it.status();
      return Long.MAX_VALUE;
    } catch (org.rocksdb.RocksDBException e) {
      throw new StorageException("reading chunks at " + db.options().path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Collects one partition's chunks of the given (ascending) refs in one forward pass: a seek only
   * when the cursor is behind the next wanted ref, so selecting most series is a sequential scan.
   */
  private void readPartition(long p, int[] refs, List<byte[]>[] out) {
    try (RocksIterator it = db.store.db.newIterator(db.store.chunks)) {
      it.seek(StoreCodec.chunkKey(p, refs[0], Long.MIN_VALUE));
      for (int i = 0; i < refs.length && it.isValid(); i++) {
        int ref = refs[i];
        byte[] k = it.key();
        if (StoreCodec.chunkKeyPartition(k) != p) {
          break;
        }
        if (StoreCodec.chunkKeyRef(k) < ref) {
          it.seek(StoreCodec.chunkKey(p, ref, Long.MIN_VALUE));
          if (!it.isValid()) {
            break;
          }
          k = it.key();
          if (StoreCodec.chunkKeyPartition(k) != p) {
            break;
          }
        }
        while (StoreCodec.chunkKeyRef(k) == ref) {
          if (StoreCodec.chunkKeyMint(k) <= maxt) {
            byte[] v = it.value();
            if (StoreCodec.getLong(v, 0) >= mint) {
              if (out[i] == null) {
                out[i] = new ArrayList<>(2);
              }
              out[i].add(v);
            }
          }
          it.next();
          if (!it.isValid()) {
            break;
          }
          k = it.key();
          if (StoreCodec.chunkKeyPartition(k) != p) {
            break;
          }
        }
      }
      it.status();
    } catch (org.rocksdb.RocksDBException e) {
      throw new StorageException("reading chunks at " + db.options().path() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Like Prometheus, label names and values are not filtered per series by time: a range that
   * overlaps the stored data sees the whole index, one that does not sees nothing.
   */
  private boolean outsideData() {
    return mint > maxt || maxt < db.minTime() || mint > db.maxTime();
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    if (outsideData()) {
      return List.of();
    }
    RoaringBitmap refs = db.index.select(matchers);
    return db.index.labelNames(refs);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    if (outsideData()) {
      return List.of();
    }
    if (matchers.length == 0) {
      return db.index.labelValues(name, null);
    }
    return db.index.labelValues(name, db.index.select(matchers));
  }

  @Override
  public void close() {
    // Nothing held: selects copy what they need.
  }

  /** A selected series: labels plus the chunks gathered at select time. */
  private static final class StoredSeries implements Series {
    private Labels labels;
    private final byte[][] disk;
    private final long[] diskMaxT;
    private final XorChunk[] head;
    private final long mint;
    private final long maxt;
    private final long[] deleted;
    private ChunkedSeriesIterator primed;

    StoredSeries(Labels labels, byte[][] disk, long[] diskMaxT, XorChunk[] head, long mint, long maxt, long[] deleted) {
      this.deleted = deleted;
      this.labels = labels;
      this.disk = disk;
      this.diskMaxT = diskMaxT;
      this.head = head;
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    /**
     * Whether a sample falls in range. Without tombstones the iterator that found it is kept for
     * the first {@link #iterator()} call, positioned there, so the consumer does not decode the
     * chunk prefix again.
     */
    boolean prime() {
      if (mint > maxt) {
        return false;
      }
      if (deleted != null) {
        return iterator().next();
      }
      ChunkedSeriesIterator it = new ChunkedSeriesIterator(disk, diskMaxT, head, mint, maxt);
      if (!it.prime()) {
        return false;
      }
      primed = it;
      return true;
    }

    @Override
    public SampleIterator iterator() {
      ChunkedSeriesIterator p = primed;
      if (p != null) {
        primed = null;
        return p;
      }
      if (mint > maxt) {
        return SampleIterator.EMPTY;
      }
      SampleIterator it = new ChunkedSeriesIterator(disk, diskMaxT, head, mint, maxt);
      return deleted == null ? it : new TombstoneFilteredIterator(it, deleted);
    }
  }

  /** A series set over the first {@code n} elements of an array. */
  private static final class ArraySeriesSet implements SeriesSet {
    private final Series[] series;
    private final int n;
    private int i = -1;

    ArraySeriesSet(Series[] series, int n) {
      this.series = series;
      this.n = n;
    }

    @Override
    public boolean next() {
      return ++i < n;
    }

    @Override
    public Series at() {
      return series[i];
    }
  }
}
