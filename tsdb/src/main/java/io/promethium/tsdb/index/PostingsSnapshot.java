package io.promethium.tsdb.index;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * The index of the series on disk as of some moment: every series' ref, label hash and record
 * checksum, and the postings of every label pair (symbol ids → bitmap). When no series was
 * deleted since it was taken (its {@link #deletions()} count is the store's), a start trusts it for
 * every ref up to its highest and reads only the series records written since; otherwise it
 * trusts it for each series whose record still has the recorded checksum, and the rest (refs
 * reused, records gone) go the full way: decoded, hashed and indexed. Either way the index is
 * exactly the one a full rebuild would give.
 *
 * <p>Layout (little-endian): magic, hash probe (see {@link #decode}), deletion count (see
 * {@link #deletions()}), series count, pair count;
 * refs (ascending ints), label hashes (longs), record checksums (ints); then per pair: name id,
 * value id, byte length, the bitmap in RoaringBitmap's portable format.
 */
public final class PostingsSnapshot {
  private static final int MAGIC = 0x314e5350; // "PSN1"
  private static final int HEADER = 4 + 8 + 8 + 4 + 4;

  private final long deletions;
  private final int count;
  private final int[] refs;
  private final long[] hashes;
  private final int[] checksums;
  private final long[] pairKeys;
  private final RoaringBitmap[] pairs;

  private PostingsSnapshot(long deletions, int count, int[] refs, long[] hashes, int[] checksums, long[] pairKeys, RoaringBitmap[] pairs) {
    this.deletions = deletions;
    this.count = count;
    this.refs = refs;
    this.hashes = hashes;
    this.checksums = checksums;
    this.pairKeys = pairKeys;
    this.pairs = pairs;
  }

  /**
   * Encodes {@code count} series ({@code refs} ascending) and the sealed postings built from
   * exactly those series. {@code hashProbe} is the label hash of a fixed label set as this build
   * computes it: a build that hashes differently must not trust the stored hashes.
   * {@code deletions} is the store's count of series deletions when the series were read.
   */
  public static byte[] encode(long hashProbe, long deletions, int count, int[] refs, long[] hashes, int[] checksums, PostingsBuilder postings) {
    int pairCount = postings.pairCount();
    long size = HEADER + (long) count * (4 + 8 + 4);
    for (int p = 0; p < pairCount; p++) {
      size += 12 + postings.pairBitmap(p).serializedSizeInBytes();
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("index snapshot of " + count + " series would be " + size + " bytes");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).putLong(hashProbe).putLong(deletions).putInt(count).putInt(pairCount);
    for (int i = 1; i < count; i++) {
      if (refs[i] <= refs[i - 1]) {
        throw new IllegalArgumentException("refs must ascend: " + refs[i - 1] + " then " + refs[i]);
      }
    }
    out.asIntBuffer().put(refs, 0, count);
    out.position(out.position() + count * 4);
    out.asLongBuffer().put(hashes, 0, count);
    out.position(out.position() + count * 8);
    out.asIntBuffer().put(checksums, 0, count);
    out.position(out.position() + count * 4);
    for (int p = 0; p < pairCount; p++) {
      long key = postings.pairKey(p);
      RoaringBitmap b = postings.pairBitmap(p);
      out.putInt((int) (key >>> 32)).putInt((int) key).putInt(b.serializedSizeInBytes());
      b.serialize(out);
    }
    return out.array();
  }

  /**
   * Reads a snapshot, checking everything a start will rely on: the layout, that this build
   * hashes labels the same way ({@code hashProbe}), that refs ascend and that every symbol id is
   * one of the loaded symbols ({@code byId}, {@code symbolCount}).
   *
   * @throws IllegalArgumentException saying why the snapshot cannot be used
   */
  public static PostingsSnapshot decode(byte[] bytes, long hashProbe, String[] byId, int symbolCount) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      if (bytes.length < HEADER || in.getInt() != MAGIC) {
        throw new IllegalArgumentException("not an index snapshot");
      }
      if (in.getLong() != hashProbe) {
        throw new IllegalArgumentException("label hashes were computed by a different build");
      }
      long deletions = in.getLong();
      int count = in.getInt();
      int pairCount = in.getInt();
      if (count < 0 || pairCount < 0 || (long) count * 16 > in.remaining()) {
        throw new IllegalArgumentException("truncated (" + count + " series, " + pairCount + " pairs in " + bytes.length + " bytes)");
      }
      int[] refs = new int[count];
      long[] hashes = new long[count];
      int[] checksums = new int[count];
      in.asIntBuffer().get(refs);
      in.position(in.position() + count * 4);
      in.asLongBuffer().get(hashes);
      in.position(in.position() + count * 8);
      in.asIntBuffer().get(checksums);
      in.position(in.position() + count * 4);
      for (int i = 1; i < count; i++) {
        if (refs[i] <= refs[i - 1]) {
          throw new IllegalArgumentException("refs out of order at " + i);
        }
      }
      long[] pairKeys = new long[pairCount];
      RoaringBitmap[] pairs = new RoaringBitmap[pairCount];
      for (int p = 0; p < pairCount; p++) {
        int name = in.getInt();
        int value = in.getInt();
        int length = in.getInt();
        if (!known(name, byId, symbolCount) || !known(value, byId, symbolCount)) {
          throw new IllegalArgumentException("pair " + p + " uses unknown symbols " + name + ", " + value);
        }
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("truncated at pair " + p);
        }
        RoaringBitmap b = new RoaringBitmap();
        b.deserialize(in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN));
        in.position(in.position() + length);
        pairKeys[p] = ((long) name << 32) | (value & 0xffffffffL);
        pairs[p] = b;
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last pair");
      }
      return new PostingsSnapshot(deletions, count, refs, hashes, checksums, pairKeys, pairs);
    } catch (BufferUnderflowException | java.io.IOException | org.roaringbitmap.InvalidRoaringFormat e) {
      throw new IllegalArgumentException("truncated or corrupt: " + e, e);
    }
  }

  private static boolean known(int id, String[] byId, int symbolCount) {
    return id >= 0 && id < symbolCount && id < byId.length && byId[id] != null;
  }

  /** The store's count of series deletions when the snapshot was taken. */
  public long deletions() {
    return deletions;
  }

  public int count() {
    return count;
  }

  /** The refs, ascending (entries up to {@link #count()}); callers must not modify them. */
  public int[] refs() {
    return refs;
  }

  public long[] hashes() {
    return hashes;
  }

  /** CRC32C of each series' record as it was when the snapshot was taken. */
  public int[] checksums() {
    return checksums;
  }

  /** The position of the first ref at or above {@code ref}. */
  public int lowerBound(int ref) {
    int i = Arrays.binarySearch(refs, 0, count, ref);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * Adds the snapshot's postings to {@code index}, without the refs in {@code stale} (series the
   * snapshot no longer describes: gone, or whose record changed). Takes ownership of its bitmaps:
   * call once.
   */
  public void installInto(PostingsIndex index, String[] byId, RoaringBitmap stale) {
    boolean filter = !stale.isEmpty();
    for (int p = 0; p < pairs.length; p++) {
      RoaringBitmap b = pairs[p];
      pairs[p] = null;
      if (filter) {
        b.andNot(stale);
        if (b.isEmpty()) {
          continue;
        }
      }
      long key = pairKeys[p];
      index.addPostings(byId[(int) (key >>> 32)], byId[(int) key], b);
    }
    RoaringBitmap all = new RoaringBitmap();
    all.addN(refs, 0, count);
    if (filter) {
      all.andNot(stale);
    }
    all.runOptimize();
    index.addSeries(all);
  }
}
