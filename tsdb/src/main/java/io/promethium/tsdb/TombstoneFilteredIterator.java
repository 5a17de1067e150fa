package io.promethium.tsdb;

/** Hides the samples of a series that lie in its tombstone intervals. */
final class TombstoneFilteredIterator implements SampleIterator {
  private final SampleIterator in;
  private final long[] deleted;

  TombstoneFilteredIterator(SampleIterator in, long[] deleted) {
    this.in = in;
    this.deleted = deleted;
  }

  @Override
  public boolean next() {
    while (in.next()) {
      if (!Tombstones.covers(deleted, in.t())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean seek(long target) {
    if (!in.seek(target)) {
      return false;
    }
    return !Tombstones.covers(deleted, in.t()) || next();
  }

  @Override
  public long t() {
    return in.t();
  }

  @Override
  public double v() {
    return in.v();
  }
}
