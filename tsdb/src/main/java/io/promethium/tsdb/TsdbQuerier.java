package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.rocksdb.RocksIterator;

/**
 * Reads a {@link Tsdb} over {@code [mint, maxt]}: the postings index picks the series, then each
 * series' persisted chunks overlapping the range (a seek per partition) and its head chunks are
 * gathered. Persisted chunk bytes are fetched here; decoding happens lazily in the iterators.
 */
final class TsdbQuerier implements Querier {
  private static final XorChunk[] NO_CHUNKS = new XorChunk[0];
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
    RoaringBitmap refs = db.index.select(matchers);
    if (refs.isEmpty() || mint > maxt) {
      return SeriesSet.EMPTY;
    }
    List<Series> out = new ArrayList<>();
    long firstP = Math.max(db.partition(mint), db.diskMinPartition);
    long lastP = Math.min(db.partition(maxt), db.diskMaxPartition);
    List<byte[]> chunks = new ArrayList<>();
    PeekableIntIterator refIt = refs.getIntIterator();
    while (refIt.hasNext()) {
      int ref = refIt.next();
      MemSeries s = db.table.get(ref);
      // Head chunks first, then a disk iterator (an implicit snapshot) created after: a chunk cut
      // and persisted in between is seen at least once; duplicates are skipped by the iterator.
      XorChunk[] head = NO_CHUNKS;
      if (s != null) {
        XorChunk closing = s.closing;
        XorChunk open = s.chunk;
        if (closing != null && open != null) {
          head = new XorChunk[] {closing, open};
        } else if (open != null) {
          head = new XorChunk[] {open};
        }
      }
      chunks.clear();
      if (firstP <= lastP) {
        readChunks(ref, firstP, lastP, chunks);
      }
      if (chunks.isEmpty() && head.length == 0) {
        continue;
      }
      byte[][] disk = chunks.toArray(new byte[0][]);
      long[] diskMaxT = new long[disk.length];
      for (int i = 0; i < disk.length; i++) {
        diskMaxT[i] = StoreCodec.getLong(disk[i], 0);
      }
      StoredSeries series = new StoredSeries(null, disk, diskMaxT, head, mint, maxt);
      if (!series.iterator().next()) {
        continue; // chunks overlap the range but no sample falls inside it
      }
      series.labels = s != null ? s.labels : db.labelsOf(ref);
      if (series.labels == null) {
        throw new StorageException("series " + ref + " has chunks but no labels at " + db.options().path());
      }
      out.add(series);
    }
    if (sorted) {
      out.sort((a, b) -> a.labels().compareTo(b.labels()));
    }
    return new ListSeriesSet(out);
  }

  private void readChunks(int ref, long firstP, long lastP, List<byte[]> out) {
    try (RocksIterator it = db.store.db.newIterator(db.store.chunks)) {
      for (long p = firstP; p <= lastP; p++) {
        it.seek(StoreCodec.chunkKey(p, ref, Long.MIN_VALUE));
        for (; it.isValid(); it.next()) {
          byte[] k = it.key();
          if (StoreCodec.chunkKeyPartition(k) != p || StoreCodec.chunkKeyRef(k) != ref
              || StoreCodec.chunkKeyMint(k) > maxt) {
            break;
          }
          byte[] v = it.value();
          if (StoreCodec.getLong(v, 0) >= mint) {
            out.add(v);
          }
        }
      }
      it.status();
    } catch (org.rocksdb.RocksDBException e) {
      throw new StorageException("reading chunks at " + db.options().path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    RoaringBitmap refs = db.index.select(matchers);
    return db.index.labelNames(refs);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
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

    StoredSeries(Labels labels, byte[][] disk, long[] diskMaxT, XorChunk[] head, long mint, long maxt) {
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

    @Override
    public SampleIterator iterator() {
      return new ChunkedSeriesIterator(disk, diskMaxT, head, mint, maxt);
    }
  }

  /** A series set over a materialized list. */
  private static final class ListSeriesSet implements SeriesSet {
    private final List<Series> list;
    private int i = -1;

    ListSeriesSet(List<Series> list) {
      this.list = list;
    }

    @Override
    public boolean next() {
      return ++i < list.size();
    }

    @Override
    public Series at() {
      return list.get(i);
    }
  }
}
