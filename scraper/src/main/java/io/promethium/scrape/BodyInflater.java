package io.promethium.scrape;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Gunzips a scrape body straight into a reused buffer on the worker thread, enforcing
 * body_size_limit on the uncompressed size as Prometheus does. The gzip framing (RFC 1952) is read
 * here so one {@link Inflater}, output buffer and CRC are reused for every scrape instead of a
 * {@code GZIPInputStream} and its buffers per scrape. Like Go's reader: concatenated members are
 * one body, the trailer's CRC-32 and size are checked, and bytes after the last member that do not
 * start another member are an error; messages are Go's.
 */
final class BodyInflater {
  /** Shared across loops: only as many bodies are inflated at once as there are workers. */
  private static final ConcurrentLinkedDeque<BodyInflater> POOL = new ConcurrentLinkedDeque<>();
  private static final int MAX_POOLED = 32;
  private static final AtomicInteger POOLED = new AtomicInteger();

  static final String INVALID_HEADER = "gzip: invalid header";
  static final String INVALID_CHECKSUM = "gzip: invalid checksum";
  static final String UNEXPECTED_EOF = "unexpected EOF";

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED = 0xe0;

  /** Largest buffer the native path grows to; past it zlib's streaming takes over. */
  private static final int MAX_BUFFER = 1 << 30;

  private final Inflater inflater = new Inflater(true);
  /** libdeflate when available (4x zlib's speed on scrape bodies), else null. */
  private final NativeDeflate nativeDeflate;
  private String error;
  private final CRC32 crc = new CRC32();
  private byte[] out = new byte[256 * 1024];
  private int length;

  BodyInflater() {
    this(NativeDeflate.open());
  }

  /** {@code nativeDeflate}: null for zlib only. */
  BodyInflater(NativeDeflate nativeDeflate) {
    this.nativeDeflate = nativeDeflate;
  }

  /** Whether bodies go through libdeflate. */
  boolean isNative() {
    return nativeDeflate != null;
  }

  static BodyInflater acquire() {
    BodyInflater i = POOL.pollFirst();
    if (i == null) {
      return new BodyInflater();
    }
    POOLED.decrementAndGet();
    return i;
  }

  /** Returns the inflater (and its grown buffer) for reuse; the caller must not touch it after. */
  static void release(BodyInflater i) {
    if (POOLED.incrementAndGet() <= MAX_POOLED) {
      POOL.offerFirst(i);
    } else {
      POOLED.decrementAndGet();
      i.inflater.end();
      if (i.nativeDeflate != null) {
        i.nativeDeflate.close();
      }
    }
  }

  byte[] buffer() {
    return out;
  }

  int length() {
    return length;
  }

  /** Inflates {@code src[0, srcLength)}; returns null on success, else the error text. */
  String inflate(byte[] src, int srcLength, long limit) {
    length = 0;
    if (srcLength == 0) {
      return "EOF"; // Go's gzip.NewReader on an empty body
    }
    int pos = 0;
    do {
      int data = headerEnd(src, pos, srcLength);
      if (data == -1) {
        return INVALID_HEADER;
      }
      if (data == -2) {
        return UNEXPECTED_EOF;
      }
      int memberStart = length;
      int trailer = nativeDeflate != null ? inflateNative(src, data, srcLength, limit) : -1;
      if (trailer == -1) {
        trailer = inflateZlib(src, data, srcLength, limit);
      }
      if (trailer < 0) {
        return error;
      }
      if (trailer + 8 > srcLength) {
        return UNEXPECTED_EOF;
      }
      crc.reset();
      crc.update(out, memberStart, length - memberStart);
      if (le32(src, trailer) != (int) crc.getValue() || le32(src, trailer + 4) != length - memberStart) {
        return INVALID_CHECKSUM;
      }
      pos = trailer + 8;
    } while (pos < srcLength);
    return null;
  }

  /**
   * Inflates the deflate stream at {@code src[data]} with libdeflate; returns where the stream
   * ended, -2 with {@link #error} set, or -1 when the stream is not valid: zlib then decodes it
   * again to say how, in Go's words.
   */
  private int inflateNative(byte[] src, int data, int srcLength, long limit) {
    int start = length;
    // Deflate expands at most ~1032:1; a stream "needing" more space is broken.
    long most = start + (srcLength - data) * 1032L;
    if (start == 0) {
      // The last member's trailer holds the inflated size (mod 2^32): exact for the usual single
      // member, so the buffer is grown at most once. Only a hint: it may lie.
      long size = le32(src, srcLength - 4) & 0xffffffffL;
      if (size > out.length && size <= Math.min(most, MAX_BUFFER) && (limit <= 0 || size <= limit)) {
        out = new byte[(int) size];
      }
    }
    while (true) {
      int avail = out.length - start;
      boolean limited = limit > 0 && limit - start + 1 <= avail;
      if (limited) {
        avail = (int) (limit - start + 1);
      }
      int r = nativeDeflate.decompress(src, data, srcLength - data, out, start, avail);
      if (r == NativeDeflate.OK) {
        length = start + (int) nativeDeflate.produced();
        if (limit > 0 && length > limit) {
          error = "body size limit exceeded";
          return -2;
        }
        return data + (int) nativeDeflate.consumed();
      }
      if (r != NativeDeflate.INSUFFICIENT_SPACE) {
        return -1;
      }
      if (limited || out.length >= MAX_BUFFER || out.length > most) {
        // Over the limit, or a broken stream whose garbage ran past it: which of the two Go's
        // streaming reader reports depends on where the stream breaks, so zlib's stream decides.
        return -1;
      }
      out = Arrays.copyOf(out, (int) Math.min(MAX_BUFFER, out.length * 2L));
    }
  }

  /** As {@link #inflateNative} with zlib, which also says what is wrong with a bad stream. */
  private int inflateZlib(byte[] src, int data, int srcLength, long limit) {
    inflater.reset();
    inflater.setInput(src, data, srcLength - data);
    try {
      while (!inflater.finished()) {
        if (length == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int n = inflater.inflate(out, length, out.length - length);
        length += n;
        if (limit > 0 && length > limit) {
          error = "body size limit exceeded";
          return -2;
        }
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          error = UNEXPECTED_EOF;
          return -2;
        }
      }
    } catch (DataFormatException e) {
      error = "flate: corrupt input before offset " + (data + inflater.getTotalIn());
      return -2;
    }
    return srcLength - inflater.getRemaining();
  }

  /** Offset of the deflate data of the member at {@code pos}; -1 for a bad header, -2 if cut short. */
  private static int headerEnd(byte[] b, int pos, int end) {
    if (pos + 10 > end) {
      return end - pos >= 2 && ((b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b) ? -1 : -2;
    }
    if ((b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b || b[pos + 2] != 8) {
      return -1;
    }
    int flags = b[pos + 3] & 0xff;
    if ((flags & RESERVED) != 0) {
      return -1;
    }
    int p = pos + 10;
    if ((flags & FEXTRA) != 0) {
      if (p + 2 > end) {
        return -2;
      }
      p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      p = skipZeroTerminated(b, p, end);
    }
    if ((flags & FCOMMENT) != 0 && p >= 0) {
      p = skipZeroTerminated(b, p, end);
    }
    if ((flags & FHCRC) != 0 && p >= 0) {
      p += 2;
    }
    return p < 0 || p > end ? -2 : p;
  }

  private static int skipZeroTerminated(byte[] b, int p, int end) {
    while (p < end && b[p] != 0) {
      p++;
    }
    return p < end ? p + 1 : -2;
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
  }
}
