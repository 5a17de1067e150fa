package io.promethium.server;

import io.promethium.server.PromethiumServer.StartupException;
import io.promethium.tsdb.Tsdb;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Opens the store on its own thread so that its recovery (the longest step of a restart after a
 * crash) overlaps with bringing up HTTP, the query engine and the UI, which do not need it.
 * {@link #close()} waits for the open to finish and closes the store, so a start that fails for
 * another reason (port in use, bad config) still releases the data directory in order.
 */
final class StorageOpening implements AutoCloseable {
  private final FutureTask<Tsdb> task;

  private StorageOpening(Callable<Tsdb> open) {
    this.task = new FutureTask<>(open);
  }

  /** Starts {@code open} on a new thread and returns at once. */
  static StorageOpening begin(Callable<Tsdb> open) {
    StorageOpening opening = new StorageOpening(open);
    Thread t = new Thread(opening.task, "storage-open");
    t.setDaemon(true);
    t.start();
    return opening;
  }

  /** The open store; waits for it. Rethrows the open's failure as is. */
  Tsdb await() throws StartupException, InterruptedException {
    try {
      return task.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StartupException se) {
        throw se;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("opening storage failed", cause);
    }
  }

  /** Closes the store once its open has finished; nothing to do if the open failed. */
  @Override
  public void close() throws Exception {
    Tsdb store;
    try {
      store = task.get();
    } catch (ExecutionException e) {
      return; // the failure was reported by await(); nothing was opened
    }
    store.close();
  }
}
