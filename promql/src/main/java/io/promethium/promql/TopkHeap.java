package io.promethium.promql;

import java.util.List;

/**
 * The heap topk/bottomk keep per group and step, with Go's container/heap sift rules and
 * Prometheus's Less (NaN sorts first; topk is a min-heap on value, bottomk a max-heap), so that
 * equal values select the same series as Prometheus. Stores series indices in a caller's array.
 */
final class TopkHeap {
  private final int[] h;
  private final List<StepSeries> series;
  private final int step;
  private final boolean top;
  int size;

  TopkHeap(int[] storage, List<StepSeries> series, int step, boolean top) {
    this.h = storage;
    this.series = series;
    this.step = step;
    this.top = top;
  }

  /** Prometheus's Less for the heap of this kind, on two series indices. */
  boolean less(int a, int b) {
    double x = series.get(a).vals[step];
    double y = series.get(b).vals[step];
    if (Double.isNaN(x)) {
      return true;
    }
    return top ? x < y : x > y;
  }

  void push(int s) {
    h[size++] = s;
    up(size - 1);
  }

  /** heap.Fix(h, 0) after replacing the root. */
  void fix0() {
    if (!down(0, size)) {
      up(0);
    }
  }

  private void up(int j) {
    while (true) {
      int i = (j - 1) / 2;
      if (i == j || !less(h[j], h[i])) {
        break;
      }
      swap(i, j);
      j = i;
    }
  }

  private boolean down(int i0, int n) {
    int i = i0;
    while (true) {
      int j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) {
        break;
      }
      int j = j1;
      int j2 = j1 + 1;
      if (j2 < n && less(h[j2], h[j1])) {
        j = j2;
      }
      if (!less(h[j], h[i])) {
        break;
      }
      swap(i, j);
      i = j;
    }
    return i > i0;
  }

  private void swap(int a, int b) {
    int t = h[a];
    h[a] = h[b];
    h[b] = t;
  }
}
