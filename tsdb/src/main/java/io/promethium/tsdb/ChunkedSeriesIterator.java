package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;

/**
 * Iterates one series' chunks in time order (persisted chunks first, then the head's), clipped to
 * {@code [mint, maxt]}. A sample at or before the previous one is skipped: after a crash the same
 * samples can exist in a persisted chunk and in the replayed head.
 */
final class ChunkedSeriesIterator implements SampleIterator {
  private final byte[][] diskChunks;
  private final long[] diskMaxT;
  private final XorChunk[] headChunks;
  private final long mint;
  private final long maxt;
  private int source;
  private SampleIterator cur;
  private long t = Long.MIN_VALUE;
  private double v;
  private boolean started;
  private boolean done;
  /** Positioned on the first sample by {@link #prime()}; the caller's first next() returns it. */
  private boolean primed;

  ChunkedSeriesIterator(byte[][] diskChunks, long[] diskMaxT, XorChunk[] headChunks, long mint, long maxt) {
    this.diskChunks = diskChunks;
    this.diskMaxT = diskMaxT;
    this.headChunks = headChunks;
    this.mint = mint;
    this.maxt = maxt;
  }

  /**
   * Moves to the first sample in range without consuming it: the select checks that a series has a
   * sample in range this way and then hands the iterator on, so the decode is not repeated.
   */
  boolean prime() {
    primed = advance(mint);
    return primed;
  }

  @Override
  public boolean next() {
    if (primed) {
      primed = false;
      return true;
    }
    return advance(started ? (t == Long.MAX_VALUE ? t : t + 1) : mint);
  }

  @Override
  public boolean seek(long target) {
    primed = false;
    if (done) {
      return false;
    }
    if (started && t >= target) {
      return true;
    }
    return advance(Math.max(target, mint));
  }

  /** Moves to the first sample with timestamp {@code >= target} (and after the current one). */
  private boolean advance(long target) {
    if (done || (started && t == Long.MAX_VALUE)) {
      return end();
    }
    int total = diskChunks.length + headChunks.length;
    while (source < total) {
      if (cur == null) {
        if (source < diskChunks.length) {
          if (diskMaxT[source] < target) {
            source++;
            continue;
          }
          byte[] c = diskChunks[source];
          cur = XorChunk.iterator(c, 8, c.length - 8);
        } else {
          cur = headChunks[source - diskChunks.length].iterator();
        }
      }
      if (cur.seek(target)) {
        long ct = cur.t();
        if (ct > maxt) {
          return end();
        }
        t = ct;
        v = cur.v();
        started = true;
        return true;
      }
      cur = null;
      source++;
    }
    return end();
  }

  private boolean end() {
    done = true;
    return false;
  }

  @Override
  public long t() {
    return t;
  }

  @Override
  public double v() {
    return v;
  }
}
