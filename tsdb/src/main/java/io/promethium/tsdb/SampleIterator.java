package io.promethium.tsdb;

/**
 * Samples of one series in increasing time order, without boxing:
 * {@code while (it.next()) use(it.t(), it.v());}.
 */
public interface SampleIterator {
  /** Advances to the next sample; false when exhausted. */
  boolean next();

  /**
   * Advances to the first sample with timestamp {@code >= t}; stays put if the current sample
   * already qualifies. False when there is none.
   */
  boolean seek(long t);

  long t();

  double v();

  SampleIterator EMPTY = new SampleIterator() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public boolean seek(long t) {
      return false;
    }

    @Override
    public long t() {
      throw new IllegalStateException();
    }

    @Override
    public double v() {
      throw new IllegalStateException();
    }
  };
}
