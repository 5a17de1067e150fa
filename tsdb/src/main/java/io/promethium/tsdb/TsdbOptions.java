package io.promethium.tsdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open a {@link Tsdb}.
 *
 * @param path data directory (created if missing)
 * @param retentionTime how long samples are kept, in ms ({@code --storage.tsdb.retention.time},
 *     default 15d); 0 turns time retention off
 * @param retentionSize maximum bytes of the data directory ({@code --storage.tsdb.retention.size});
 *     0 turns size retention off
 * @param blockDuration width of a time partition in ms (default 2h, Prometheus's block size): chunks
 *     never straddle a partition, and retention drops whole partitions
 * @param headIdleTime a series without samples for this long (relative to the newest sample) leaves
 *     the head's memory; its data stays on disk and queryable (default 1h)
 * @param checkpointInterval how often, in ms, open chunks are snapshotted and the append log is
 *     truncated, and retention and series eviction run (default 1 min; 0 = only when asked)
 */
public record TsdbOptions(
    Path path, long retentionTime, long retentionSize, long blockDuration, long headIdleTime, long checkpointInterval) {

  public static final long DEFAULT_RETENTION_TIME = 15L * 24 * 3600 * 1000;
  public static final long DEFAULT_BLOCK_DURATION = 2L * 3600 * 1000;

  public TsdbOptions {
    Objects.requireNonNull(path, "path");
    if (retentionTime < 0 || retentionSize < 0 || blockDuration <= 0 || headIdleTime <= 0 || checkpointInterval < 0) {
      throw new IllegalArgumentException("invalid tsdb options");
    }
  }

  /** Defaults for the given directory. */
  public static TsdbOptions of(Path path) {
    return new TsdbOptions(path, DEFAULT_RETENTION_TIME, 0, DEFAULT_BLOCK_DURATION, 3600_000L, 60_000L);
  }

  public TsdbOptions withRetentionTime(long ms) {
    return new TsdbOptions(path, ms, retentionSize, blockDuration, headIdleTime, checkpointInterval);
  }

  public TsdbOptions withRetentionSize(long bytes) {
    return new TsdbOptions(path, retentionTime, bytes, blockDuration, headIdleTime, checkpointInterval);
  }

  public TsdbOptions withBlockDuration(long ms) {
    return new TsdbOptions(path, retentionTime, retentionSize, ms, headIdleTime, checkpointInterval);
  }

  public TsdbOptions withHeadIdleTime(long ms) {
    return new TsdbOptions(path, retentionTime, retentionSize, blockDuration, ms, checkpointInterval);
  }

  public TsdbOptions withCheckpointInterval(long ms) {
    return new TsdbOptions(path, retentionTime, retentionSize, blockDuration, headIdleTime, ms);
  }
}
