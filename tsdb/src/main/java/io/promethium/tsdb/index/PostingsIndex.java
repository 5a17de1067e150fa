package io.promethium.tsdb.index;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.RoaringBitmap;

/**
 * The inverted index: label name → value → postings (series refs in a RoaringBitmap). Selectors are
 * answered by intersecting, unioning and subtracting postings, with Prometheus's rule that a
 * matcher which matches the empty string also selects series lacking the label.
 *
 * <p>Thread-safe: many readers, writers only when series are created or removed.
 */
public final class PostingsIndex {
  private final HashMap<String, TreeMap<String, RoaringBitmap>> byName = new HashMap<>();
  private final RoaringBitmap all = new RoaringBitmap();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  public void add(int ref, Labels labels) {
    lock.writeLock().lock();
    try {
      all.add(ref);
      for (int i = 0, n = labels.size(); i < n; i++) {
        byName.computeIfAbsent(labels.name(i), k -> new TreeMap<>())
            .computeIfAbsent(labels.value(i), k -> new RoaringBitmap())
            .add(ref);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Adds postings built elsewhere (see {@link PostingsBuilder}); the bitmap is owned by the index. */
  void addPostings(String name, String value, RoaringBitmap refs) {
    lock.writeLock().lock();
    try {
      TreeMap<String, RoaringBitmap> values = byName.computeIfAbsent(name, k -> new TreeMap<>());
      RoaringBitmap prev = values.putIfAbsent(value, refs);
      if (prev != null) {
        prev.or(refs);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  void addSeries(RoaringBitmap refs) {
    lock.writeLock().lock();
    try {
      all.or(refs);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes series refs everywhere (used when retention drops series). */
  public void removeAll(RoaringBitmap refs) {
    lock.writeLock().lock();
    try {
      all.andNot(refs);
      var names = byName.values().iterator();
      while (names.hasNext()) {
        TreeMap<String, RoaringBitmap> values = names.next();
        var it = values.values().iterator();
        while (it.hasNext()) {
          RoaringBitmap b = it.next();
          b.andNot(refs);
          if (b.isEmpty()) {
            it.remove();
          }
        }
        if (values.isEmpty()) {
          names.remove();
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public int seriesCount() {
    lock.readLock().lock();
    try {
      return all.getCardinality();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Refs of series matching all matchers (all series when none). A fresh bitmap the caller owns. */
  public RoaringBitmap select(Matcher... matchers) {
    lock.readLock().lock();
    try {
      RoaringBitmap result = null;
      // Positive constraints first: they shrink the set fastest and give the starting point.
      for (Matcher m : matchers) {
        if (!m.matchesEmpty()) {
          RoaringBitmap p = matching(m, false);
          if (result == null) {
            result = p;
          } else {
            result.and(p);
          }
          if (result.isEmpty()) {
            return result;
          }
        }
      }
      if (result == null) {
        result = all.clone();
      }
      for (Matcher m : matchers) {
        if (m.matchesEmpty()) {
          // Series lacking the label match; subtract those whose value does not.
          result.andNot(matching(m, true));
          if (result.isEmpty()) {
            return result;
          }
        }
      }
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Union of postings of the label's values that match {@code m} (or do not, with {@code invert}). */
  private RoaringBitmap matching(Matcher m, boolean invert) {
    TreeMap<String, RoaringBitmap> values = byName.get(m.name());
    if (values == null) {
      return new RoaringBitmap();
    }
    String[] set = setOf(m, invert);
    if (set != null) {
      RoaringBitmap out = new RoaringBitmap();
      for (String v : set) {
        RoaringBitmap b = values.get(v);
        if (b != null) {
          out.or(b);
        }
      }
      return out;
    }
    Map<String, RoaringBitmap> candidates = values;
    String prefix = invert ? null : m.literalPrefix();
    if (prefix != null) {
      candidates = prefixRange(values, prefix);
    }
    List<RoaringBitmap> hits = new ArrayList<>();
    for (Map.Entry<String, RoaringBitmap> e : candidates.entrySet()) {
      if (m.matches(e.getKey()) != invert) {
        hits.add(e.getValue());
      }
    }
    return RoaringBitmap.or(hits.iterator());
  }

  /** The exact values to look up when the matcher (or its inverse) accepts a finite set of them. */
  private static String[] setOf(Matcher m, boolean invert) {
    MatchType type = m.type();
    if (!invert) {
      return type.isNegative() ? null : m.setMatches();
    }
    return switch (type) {
      case NOT_EQUAL -> new String[] {m.value()};
      case NOT_REGEX -> Matcher.regex(m.name(), m.value()).setMatches();
      default -> null;
    };
  }

  private static SortedMap<String, RoaringBitmap> prefixRange(TreeMap<String, RoaringBitmap> values, String prefix) {
    if (prefix.isEmpty()) {
      return values;
    }
    char last = prefix.charAt(prefix.length() - 1);
    if (last == Character.MAX_VALUE) {
      return values.tailMap(prefix);
    }
    String end = prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    return values.subMap(prefix, end);
  }

  /** Sorted label names present on any of the given series. */
  public List<String> labelNames(RoaringBitmap refs) {
    lock.readLock().lock();
    try {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, TreeMap<String, RoaringBitmap>> e : byName.entrySet()) {
        for (RoaringBitmap b : e.getValue().values()) {
          if (RoaringBitmap.intersects(b, refs)) {
            out.add(e.getKey());
            break;
          }
        }
      }
      out.sort(null);
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Sorted values of a label among the given series ({@code refs} null: all series). */
  public List<String> labelValues(String name, RoaringBitmap refs) {
    lock.readLock().lock();
    try {
      TreeMap<String, RoaringBitmap> values = byName.get(name);
      List<String> out = new ArrayList<>();
      if (values == null) {
        return out;
      }
      for (Map.Entry<String, RoaringBitmap> e : values.entrySet()) {
        if (refs == null || RoaringBitmap.intersects(e.getValue(), refs)) {
          out.add(e.getKey());
        }
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Calls back every (name, value, series count), for statistics. */
  public void forEachPair(PairVisitor visitor) {
    lock.readLock().lock();
    try {
      for (Map.Entry<String, TreeMap<String, RoaringBitmap>> e : byName.entrySet()) {
        for (Map.Entry<String, RoaringBitmap> v : e.getValue().entrySet()) {
          visitor.visit(e.getKey(), v.getKey(), v.getValue().getCardinality());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Receives one label pair and its series count. */
  @FunctionalInterface
  public interface PairVisitor {
    void visit(String name, String value, int series);
  }
}
