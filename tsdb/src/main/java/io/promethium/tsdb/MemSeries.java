package io.promethium.tsdb;

import io.promethium.tsdb.chunk.XorChunk;

/**
 * One series in the head: its labels, its open chunk and the last sample. Kept small on purpose
 * (no per-series maps): at 300k series every field counts.
 *
 * <p>Mutated only under the storage's commit lock; read by appenders (early rejection) and
 * queriers (the chunk publishes its samples safely, see {@link XorChunk}).
 */
final class MemSeries {
  final int ref;
  /**
   * The label set as symbol ids, exactly the series' record on disk ({@code varint n, varint id ×
   * 2n}): about 140 bytes for a 31-label Istio series against ~290 for a {@link Labels} (its
   * array of string references plus header). Decoded on demand ({@link SeriesResolver#labelsOf}).
   * Null after a start from an index snapshot until read from disk (on first use, or by the
   * background pass that follows the start).
   */
  volatile byte[] labelRecord;
  /** The open chunk, or null before the first sample. Replaced when cut. */
  volatile XorChunk chunk;
  /** A chunk just cut and not yet written to disk, so queries never miss it. */
  volatile XorChunk closing;
  volatile long lastT = Long.MIN_VALUE;
  /** Whether lastT/lastVBits hold a real sample (Long.MIN_VALUE is a valid timestamp). */
  volatile boolean hasSamples;
  volatile long lastVBits;
  /** Exclusive end of the open chunk's partition: a sample at or past it cuts a new chunk. */
  long chunkEnd;
  /** Whether the series record is in RocksDB. */
  boolean persisted;
  /**
   * The chunk and sample count last written to the head snapshot (checkpoint skips unchanged
   * series). Read and written by the checkpointing thread only.
   */
  XorChunk checkpointedChunk;
  int checkpointedSamples;

  MemSeries(int ref, byte[] labelRecord) {
    this.ref = ref;
    this.labelRecord = labelRecord;
  }
}
