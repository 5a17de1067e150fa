package io.promethium.tsdb;

import java.util.Arrays;

/**
 * A mutable label set that builds {@link Labels}. Setting an empty value deletes the label, as in
 * Prometheus (an empty label value is the same as no label). Kept sorted on every change so that
 * {@link #build()} is a copy, not a sort.
 */
public final class LabelsBuilder {
  private String[] nv;
  private int len; // number of used slots (2 per label)

  public LabelsBuilder() {
    nv = new String[16];
  }

  public LabelsBuilder(Labels base) {
    String[] raw = base.rawArray();
    nv = Arrays.copyOf(raw, Math.max(16, raw.length + 8));
    len = raw.length;
  }

  public LabelsBuilder reset() {
    Arrays.fill(nv, 0, len, null);
    len = 0;
    return this;
  }

  public LabelsBuilder reset(Labels base) {
    reset();
    String[] raw = base.rawArray();
    if (raw.length > nv.length) {
      nv = new String[raw.length + 8];
    }
    System.arraycopy(raw, 0, nv, 0, raw.length);
    len = raw.length;
    return this;
  }

  public LabelsBuilder set(String name, String value) {
    if (value == null || value.isEmpty()) {
      return del(name);
    }
    int i = find(name);
    if (i >= 0) {
      nv[i + 1] = value;
      return this;
    }
    int at = -(i + 1);
    if (len + 2 > nv.length) {
      nv = Arrays.copyOf(nv, nv.length * 2);
    }
    System.arraycopy(nv, at, nv, at + 2, len - at);
    nv[at] = name;
    nv[at + 1] = value;
    len += 2;
    return this;
  }

  public LabelsBuilder del(String name) {
    int i = find(name);
    if (i >= 0) {
      System.arraycopy(nv, i + 2, nv, i, len - i - 2);
      len -= 2;
      nv[len] = null;
      nv[len + 1] = null;
    }
    return this;
  }

  public String get(String name) {
    int i = find(name);
    return i >= 0 ? nv[i + 1] : "";
  }

  public int size() {
    return len >>> 1;
  }

  public String name(int i) {
    return nv[i << 1];
  }

  public String value(int i) {
    return nv[(i << 1) + 1];
  }

  public Labels build() {
    return Labels.wrapSorted(Arrays.copyOf(nv, len));
  }

  /** Slot index of the name (even), or {@code -(insertionSlot + 1)}. */
  private int find(String name) {
    int lo = 0;
    int hi = (len >>> 1) - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = nv[mid << 1].compareTo(name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid << 1;
      }
    }
    return -((lo << 1) + 1);
  }
}
