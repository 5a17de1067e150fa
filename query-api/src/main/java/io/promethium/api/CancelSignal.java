package io.promethium.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Set when the client goes away before its answer is written, so a running query can be stopped
 * (Prometheus cancels the request context: errorType {@code canceled}).
 */
public final class CancelSignal {
  private final List<Runnable> listeners = new ArrayList<>();
  private boolean canceled;

  /** A signal that never fires, for callers without a connection. */
  public static CancelSignal never() {
    return new CancelSignal();
  }

  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (canceled) {
        return;
      }
      canceled = true;
      toRun = new ArrayList<>(listeners);
      listeners.clear();
    }
    for (Runnable r : toRun) {
      r.run();
    }
  }

  public synchronized boolean isCanceled() {
    return canceled;
  }

  /** Runs {@code r} on cancellation, or right away if already canceled. */
  public void onCancel(Runnable r) {
    synchronized (this) {
      if (!canceled) {
        listeners.add(r);
        return;
      }
    }
    r.run();
  }
}
