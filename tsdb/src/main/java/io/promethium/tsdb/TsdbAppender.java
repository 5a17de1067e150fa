package io.promethium.tsdb;

import java.util.Arrays;

/**
 * A transaction on a {@link Tsdb}: samples are checked against their series' last committed
 * sample right away (so the scraper can count rejects per sample, as Prometheus does) and buffered
 * in primitive arrays until {@link #commit()}. Not thread-safe; one per scrape loop.
 */
final class TsdbAppender implements Appender {
  private final Tsdb db;
  private int[] refs = new int[64];
  private long[] ts = new long[64];
  private long[] vbits = new long[64];
  private int n;

  TsdbAppender(Tsdb db) {
    this.db = db;
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    db.ensureOpen();
    MemSeries s = db.getOrRevive(ref);
    if (s == null || (labels != null && ref != s.ref)) {
      if (labels == null && ref != 0) {
        throw UnknownSeriesException.INSTANCE;
      }
      s = db.getOrCreate(labels);
    }
    db.checkInBounds(t);
    long bits = Double.doubleToRawLongBits(v);
    long last = s.lastT;
    if (t <= last && s.hasSamples) {
      if (t < last) {
        db.countOutOfOrder();
        throw SampleRejectedException.OUT_OF_ORDER;
      }
      if (bits != s.lastVBits) {
        db.countDuplicate();
        throw SampleRejectedException.DUPLICATE;
      }
      return s.ref; // identical re-send of the last sample: accepted and ignored, as Prometheus does
    }
    if (n == refs.length) {
      int cap = n * 2;
      refs = Arrays.copyOf(refs, cap);
      ts = Arrays.copyOf(ts, cap);
      vbits = Arrays.copyOf(vbits, cap);
    }
    refs[n] = s.ref;
    ts[n] = t;
    vbits[n] = bits;
    n++;
    return s.ref;
  }

  @Override
  public void commit() {
    try {
      db.commit(refs, ts, vbits, n);
    } finally {
      n = 0;
    }
  }

  @Override
  public void rollback() {
    n = 0;
  }
}
