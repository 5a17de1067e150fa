package io.promethium.promql;

/** A stable merge sort of int indices by a primitive comparator, without boxing. */
final class IndexSort {
  interface IntComparator {
    int compare(int a, int b);
  }

  private IndexSort() {}

  static void sort(int[] idx, int n, IntComparator cmp) {
    if (n < 2) {
      return;
    }
    if (n <= 16) {
      for (int i = 1; i < n; i++) {
        int x = idx[i];
        int j = i - 1;
        while (j >= 0 && cmp.compare(idx[j], x) > 0) {
          idx[j + 1] = idx[j];
          j--;
        }
        idx[j + 1] = x;
      }
      return;
    }
    int[] tmp = new int[n];
    mergeSort(idx, tmp, 0, n, cmp);
  }

  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, IntComparator cmp) {
    if (hi - lo < 2) {
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, cmp);
    mergeSort(a, tmp, mid, hi, cmp);
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      tmp[k++] = cmp.compare(a[j], a[i]) < 0 ? a[j++] : a[i++];
    }
    while (i < mid) {
      tmp[k++] = a[i++];
    }
    while (j < hi) {
      tmp[k++] = a[j++];
    }
    System.arraycopy(tmp, lo, a, lo, hi - lo);
  }
}
