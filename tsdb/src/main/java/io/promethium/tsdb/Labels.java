package io.promethium.tsdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable label set, sorted by name, with unique names. Names and values live in one flat
 * array ({@code name0, value0, name1, value1, ...}) so a label set is a single allocation plus its
 * strings. The 64-bit hash is computed on first use and kept; it is what the head's series map keys on.
 */
public final class Labels implements Comparable<Labels> {
  public static final String METRIC_NAME = "__name__";
  public static final Labels EMPTY = new Labels(new String[0]);

  private final String[] nv;
  /** 0 until computed (a real hash of 0 is just recomputed); volatile so it cannot tear. */
  private volatile long hash;

  private Labels(String[] nv) {
    this.nv = nv;
  }

  /** Builds from alternating names and values in any order; later duplicates win; empty values are dropped. */
  public static Labels of(String... namesAndValues) {
    if ((namesAndValues.length & 1) != 0) {
      throw new IllegalArgumentException("odd number of name/value strings");
    }
    LabelsBuilder b = new LabelsBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.set(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  public static Labels fromMap(Map<String, String> map) {
    LabelsBuilder b = new LabelsBuilder();
    map.forEach(b::set);
    return b.build();
  }

  /**
   * Wraps an array that the caller guarantees is sorted by name, free of duplicate names and empty
   * values, and never modified afterwards. Used by decoders and builders on hot paths.
   */
  public static Labels wrapSorted(String[] namesAndValues) {
    return namesAndValues.length == 0 ? EMPTY : new Labels(namesAndValues);
  }

  public int size() {
    return nv.length >>> 1;
  }

  public boolean isEmpty() {
    return nv.length == 0;
  }

  public String name(int i) {
    return nv[i << 1];
  }

  public String value(int i) {
    return nv[(i << 1) + 1];
  }

  /** The value of the label, or {@code ""} when absent (Prometheus treats both the same). */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : nv[(i << 1) + 1];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  /** Index of the label with this name, or a negative number. Binary search: labels are sorted. */
  public int indexOf(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = nv[mid << 1].compareTo(name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** Whether a label name is valid in Prometheus: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isValidName(String s) {
    if (s == null || s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  public String metricName() {
    return get(METRIC_NAME);
  }

  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < nv.length; i += 2) {
      action.accept(nv[i], nv[i + 1]);
    }
  }

  public LabelsBuilder toBuilder() {
    return new LabelsBuilder(this);
  }

  /** A copy without the given label names. */
  public Labels without(Collection<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    List<String> out = new ArrayList<>(nv.length);
    for (int i = 0; i < nv.length; i += 2) {
      if (!names.contains(nv[i])) {
        out.add(nv[i]);
        out.add(nv[i + 1]);
      }
    }
    return out.size() == nv.length ? this : wrapSorted(out.toArray(new String[0]));
  }

  /** A copy with only the given label names. */
  public Labels keepOnly(Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nv.length; i += 2) {
      if (names.contains(nv[i])) {
        out.add(nv[i]);
        out.add(nv[i + 1]);
      }
    }
    return out.size() == nv.length ? this : wrapSorted(out.toArray(new String[0]));
  }

  public Labels withoutMetricName() {
    return nv.length > 0 && METRIC_NAME.equals(nv[0]) ? wrapSorted(Arrays.copyOfRange(nv, 2, nv.length)) : this;
  }

  /**
   * The 64-bit hash the head's series map keys on: each name and value's {@link String#hashCode}
   * (cached by every string, and the storage's strings are interned, so a stored label set hashes
   * in a few nanoseconds per label) mixed in order. Equal hashes are not trusted: users compare
   * the labels too. Deterministic across runs (the scrape offset of a target derives from it).
   */
  public long hash() {
    long h = hash;
    if (h == 0) {
      h = computeHash(nv);
      hash = h;
    }
    return h;
  }

  private static long computeHash(String[] nv) {
    long h = hashStart(nv.length);
    for (String s : nv) {
      h = hashNext(h, s);
    }
    return hashEnd(h);
  }

  /**
   * {@link #hash()} of the label set whose names and values are the symbols {@code ids[from + i]}
   * for {@code i < n}, without building it (loading series records at start), from each symbol's
   * contribution precomputed by {@link #symbolHashKey}.
   */
  static long hashOfKeys(long[] symbolKeys, int[] ids, int from, int n) {
    long h = hashStart(n);
    for (int i = from, end = from + n; i < end; i++) {
      h = mix(h ^ symbolKeys[ids[i]]);
    }
    return hashEnd(h);
  }

  /** What a label name or value adds to {@link #hash()}; see {@link #hashOfKeys}. */
  static long symbolHashKey(String s) {
    return (s.hashCode() & 0xffffffffL) ^ ((long) s.length() << 32);
  }

  private static long hashStart(int strings) {
    return 0x9E3779B97F4A7C15L ^ strings;
  }

  private static long hashNext(long h, String s) {
    return mix(h ^ symbolHashKey(s));
  }

  private static long mix(long h) {
    h *= 0xff51afd7ed558ccdL;
    return h ^ (h >>> 31);
  }

  private static long hashEnd(long h) {
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 29);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other)) {
      return false;
    }
    long h1 = hash;
    long h2 = other.hash;
    return (h1 == 0 || h2 == 0 || h1 == h2) && Arrays.equals(nv, other.nv);
  }

  @Override
  public int hashCode() {
    long h = hash();
    return (int) (h ^ (h >>> 32));
  }

  /** Prometheus's ordering of label sets: label by label, name then value; shorter sets first on a tie. */
  @Override
  public int compareTo(Labels o) {
    int n = Math.min(nv.length, o.nv.length);
    for (int i = 0; i < n; i += 2) {
      int c = nv[i].compareTo(o.nv[i]);
      if (c != 0) {
        return c;
      }
      c = nv[i + 1].compareTo(o.nv[i + 1]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(nv.length, o.nv.length);
  }

  /** Prometheus's rendering: {@code name{a="b", c="d"}}, or {@code {a="b"}} without a metric name. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    String name = metricName();
    sb.append(name);
    sb.append('{');
    boolean first = true;
    for (int i = 0; i < nv.length; i += 2) {
      if (METRIC_NAME.equals(nv[i])) {
        continue;
      }
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(nv[i]).append("=\"");
      appendEscaped(sb, nv[i + 1]);
      sb.append('"');
    }
    sb.append('}');
    if (!name.isEmpty() && nv.length == 2) {
      return name;
    }
    return sb.toString();
  }

  static void appendEscaped(StringBuilder sb, String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
  }

  /** The raw sorted name/value array; callers must not modify it. */
  String[] rawArray() {
    return nv;
  }
}
