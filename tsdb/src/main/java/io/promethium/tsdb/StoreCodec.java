package io.promethium.tsdb;

import io.promethium.tsdb.index.SymbolTable;

/**
 * Byte layouts of RocksDB keys and values. All integers in keys are big-endian with the sign bit
 * flipped, so RocksDB's bytewise order is numeric order (negative timestamps included).
 *
 * <ul>
 *   <li>chunks: {@code partition(8) ref(4) chunkMint(8)} → {@code chunkMaxt(8) xorChunk}
 *   <li>head: {@code ref(4)} → {@code xorChunk} (snapshot of an open chunk)
 *   <li>symbols: {@code id(4)} → UTF-8 string
 *   <li>series: {@code ref(4)} → labels as symbol ids ({@code varint n, varint id * 2n})
 *   <li>log: {@code seq(8)} → commit record ({@code (varint ref, zigzag varint Δt, 8-byte value)*})
 * </ul>
 */
final class StoreCodec {
  static final int CHUNK_KEY_LEN = 20;
  /** {@code meta} key: the first log sequence a restart replays (moved by checkpoints). */
  static final byte[] META_LOG_START = "logStart".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  /**
   * {@code meta} key: how many times series records were deleted (retention), written in the
   * deleting batch. An index snapshot taken at the same count describes every ref up to its
   * highest exactly (records never change, refs are only reused after deletions).
   */
  static final byte[] META_SERIES_DELETIONS = "seriesDeletions".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private StoreCodec() {}

  static byte[] chunkKey(long partition, int ref, long mint) {
    byte[] k = new byte[CHUNK_KEY_LEN];
    putLong(k, 0, partition ^ Long.MIN_VALUE);
    putInt(k, 8, ref ^ Integer.MIN_VALUE);
    putLong(k, 12, mint ^ Long.MIN_VALUE);
    return k;
  }

  static long chunkKeyPartition(byte[] k) {
    return getLong(k, 0) ^ Long.MIN_VALUE;
  }

  static int chunkKeyRef(byte[] k) {
    return getInt(k, 8) ^ Integer.MIN_VALUE;
  }

  static long chunkKeyMint(byte[] k) {
    return getLong(k, 12) ^ Long.MIN_VALUE;
  }

  static byte[] partitionKey(long partition) {
    byte[] k = new byte[8];
    putLong(k, 0, partition ^ Long.MIN_VALUE);
    return k;
  }

  static byte[] refKey(int ref) {
    byte[] k = new byte[4];
    putInt(k, 0, ref ^ Integer.MIN_VALUE);
    return k;
  }

  static int refFromKey(byte[] k) {
    return getInt(k, 0) ^ Integer.MIN_VALUE;
  }

  static byte[] seqKey(long seq) {
    byte[] k = new byte[8];
    putLong(k, 0, seq ^ Long.MIN_VALUE);
    return k;
  }

  static long seqFromKey(byte[] k) {
    return getLong(k, 0) ^ Long.MIN_VALUE;
  }

  static byte[] chunkValue(long maxt, byte[] chunk) {
    byte[] v = new byte[8 + chunk.length];
    putLong(v, 0, maxt);
    System.arraycopy(chunk, 0, v, 8, chunk.length);
    return v;
  }

  /** A series record: {@code varint n, then 2n varint symbol ids} (name, value, name, ...). */
  static byte[] encodeLabels(Labels labels, SymbolTable symbols) {
    int n = labels.size();
    ByteWriter w = new ByteWriter(2 + n * 6);
    w.uvarint(n);
    for (int i = 0; i < n; i++) {
      w.uvarint(symbols.id(labels.name(i)));
      w.uvarint(symbols.id(labels.value(i)));
    }
    return w.toArray();
  }

  /** Decodes a series record into labels made of the table's strings. */
  static Labels decodeLabels(byte[] b, SymbolTable symbols) {
    ByteReader r = new ByteReader(b);
    int n = (int) r.uvarint() * 2;
    if (n < 0 || n > b.length * 2) {
      throw new StorageException("corrupt series record");
    }
    String[] nv = new String[n];
    for (int i = 0; i < n; i++) {
      nv[i] = symbols.symbol((int) r.uvarint());
    }
    return Labels.wrapSorted(nv);
  }

  /** Decodes a series record's symbol ids into {@code ids} (grown as needed); returns it. */
  static int[] decodeLabelIds(byte[] b, int[] ids) {
    ByteReader r = new ByteReader(b);
    int n = (int) r.uvarint() * 2;
    if (n < 0 || n > b.length * 2) {
      throw new StorageException("corrupt series record");
    }
    if (ids.length < n + 1) {
      ids = new int[n + 1];
    }
    ids[0] = n;
    for (int i = 0; i < n; i++) {
      ids[i + 1] = (int) r.uvarint();
    }
    return ids;
  }

  static int varintLen(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xff);
    }
    return v;
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static int getInt(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
  }

  /** A growable byte buffer for records. Reused across commits by its owner. */
  static final class ByteWriter {
    private byte[] buf;
    private int len;

    ByteWriter(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void reset() {
      len = 0;
    }

    int length() {
      return len;
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    void uvarint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[len++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[len++] = (byte) v;
    }

    void zigzag(long v) {
      uvarint((v << 1) ^ (v >> 63));
    }

    void int64(long v) {
      ensure(8);
      putLong(buf, len, v);
      len += 8;
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(buf, len);
    }
  }

  /** Reads what {@link ByteWriter} wrote. */
  static final class ByteReader {
    private final byte[] b;
    private int pos;

    ByteReader(byte[] b) {
      this.b = b;
    }

    boolean hasMore() {
      return pos < b.length;
    }

    long uvarint() {
      long v = 0;
      int shift = 0;
      while (true) {
        if (pos >= b.length || shift > 63) {
          throw new StorageException("truncated or corrupt record");
        }
        byte x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
        shift += 7;
      }
    }

    long zigzag() {
      long u = uvarint();
      return (u >>> 1) ^ -(u & 1);
    }

    long int64() {
      if (pos + 8 > b.length) {
        throw new StorageException("truncated or corrupt record");
      }
      long v = getLong(b, pos);
      pos += 8;
      return v;
    }
  }

  /**
   * Positions an iterator over a ref-keyed family at {@code fromRef}; from ref 0 at the very first
   * key, so a corrupt key that sorts below every ref is still met.
   */
  static void seekRef(org.rocksdb.RocksIterator it, int fromRef) {
    if (fromRef == 0) {
      it.seekToFirst();
    } else {
      it.seek(refKey(fromRef));
    }
  }
}
