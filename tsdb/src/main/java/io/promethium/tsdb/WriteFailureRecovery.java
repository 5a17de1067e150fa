package io.promethium.tsdb;

import java.io.IOException;
import java.util.ArrayList;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a write fails (a full disk): the store refuses appends with the error until
 * the file system has room again, then reopens RocksDB and resumes.
 */
final class WriteFailureRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(WriteFailureRecovery.class);
  private final Tsdb db;
  /**
   * The write error (typically a full disk) that left RocksDB in its read-only error state: set,
   * appends are refused with it until {@link #recoverWrites()} reopened the database.
   */
  volatile StorageException writeFailure;
  /** Earliest next reopen attempt ({@link System#nanoTime()}). */
  private volatile long nextRecoveryNanos;

  WriteFailureRecovery(Tsdb db) {
    this.db = db;
  }

  /**
   * Records a failed write: RocksDB now refuses all writes (read-only background-error state), so
   * appends are refused with this error, in Prometheus's words where it has them ("write to WAL:
   * log samples: ...: no space left on device"), until {@link #recoverWrites()} succeeds.
   */
  StorageException failWrites(String what, RocksDBException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String lower = reason.toLowerCase(java.util.Locale.ROOT);
    String cause = lower.contains("no space left on device") ? "no space left on device"
        : lower.contains("file too large") ? "file too large" : reason;
    StorageException failure = new StorageException(what + ": write " + db.options.path() + ": " + cause
        + (cause.equals(reason) ? "" : " (" + reason + ")"), e);
    if (writeFailure == null) {
      writeFailure = failure;
      LOG.error("msg=\"storage write failed; appends are refused until it can write again\" path={} err=\"{}\"",
          db.options.path(), failure.getMessage());
    }
    return failure;
  }

  /** Free bytes needed before a write-failed store is reopened. */
  private static final long RECOVERY_FREE_BYTES = 1L << 20;

  /** At most one reopen attempt per interval while the disk stays full. */
  private static final long RECOVERY_INTERVAL_NANOS = 1_000_000_000L;

  /**
   * Leaves the write-failure state once the disk has room again: reopens RocksDB (RocksJava has
   * no {@code Resume}), deletes the log record a failed commit may have left whole (its samples
   * were never applied, and must not come back at the next start), then writes pending chunks.
   * Throws the refusal (with the original error) while that is not possible. Excludes commits,
   * checkpoints and reads for the reopen, in the order {@link Tsdb#close()} takes them.
   */
  void recoverWrites() {
    StorageException failure = writeFailure;
    if (failure == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - nextRecoveryNanos < 0 || usableSpace() < RECOVERY_FREE_BYTES) {
      throw new StorageException(failure.getMessage() + " (appends are refused until the storage can write again)", failure);
    }
    db.checkpointLock.lock();
    db.commitLock.lock();
    try {
      db.ensureOpen();
      if (writeFailure == null) {
        return;
      }
      nextRecoveryNanos = System.nanoTime() + RECOVERY_INTERVAL_NANOS;
      db.lifecycle.writeLock().lock();
      try {
        db.store.reopen();
      } finally {
        db.lifecycle.writeLock().unlock();
      }
      try {
        db.store.db.delete(db.store.log, StoreCodec.seqKey(db.nextLogSeq));
      } catch (RocksDBException e) {
        throw new StorageException(failure.getMessage() + " (still failing: " + e.getMessage() + ")", e);
      }
      writeFailure = null;
      db.commits.writeClosedChunks(new ArrayList<>());
      if (writeFailure != null) {
        throw new StorageException(writeFailure.getMessage() + " (appends are refused until the storage can write again)", writeFailure);
      }
      LOG.info("msg=\"storage writes again after a write failure\" path={}", db.options.path());
    } finally {
      db.commitLock.unlock();
      db.checkpointLock.unlock();
    }
  }

  long usableSpace() {
    try {
      return java.nio.file.Files.getFileStore(db.options.path()).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }
}
