package io.promethium.tsdb.index;

import java.util.Arrays;
import java.util.HashMap;

/**
 * Interns label names and values and numbers them. Each distinct string lives once in the heap,
 * however many series share it (an Istio mesh repeats a few thousand strings across hundreds of
 * thousands of series), and series records on disk are lists of symbol ids rather than strings,
 * which makes loading them at start a matter of array lookups.
 *
 * <p>Ids are dense and never reused. The table remembers how many of them are on disk, so writers
 * can persist exactly the new ones together with the first series that uses them.
 */
public final class SymbolTable {
  private final HashMap<String, Integer> ids = new HashMap<>();
  /** Volatile: {@link #symbol} reads it without the lock (entries are written before any id is handed out). */
  private volatile String[] byId = new String[1024];
  private int size;
  private int persisted;

  /** The canonical instance of {@code s}, numbering it if new. */
  public synchronized String intern(String s) {
    int id = id(s); // before reading byId: numbering may grow the array
    return byId[id];
  }

  /** The id of {@code s}, numbering it if new. */
  public synchronized int id(String s) {
    Integer id = ids.get(s);
    if (id != null) {
      return id;
    }
    int n = size;
    put(n, s);
    return n;
  }

  public synchronized String get(int id) {
    if (id < 0 || id >= size || byId[id] == null) {
      throw new IllegalArgumentException("unknown symbol " + id);
    }
    return byId[id];
  }

  /**
   * The string numbered {@code id}, without locking: for ids taken from series records, which
   * are published after their symbols. Decoding a head series' labels is then plain array reads.
   */
  public String symbol(int id) {
    String[] a = byId;
    String s = id >= 0 && id < a.length ? a[id] : null;
    return s != null ? s : get(id);
  }

  /** Registers a symbol read from disk under its stored id. */
  public synchronized void load(int id, String s) {
    put(id, s);
    persisted = size;
  }

  private void put(int id, String s) {
    String[] a = byId;
    if (id >= a.length) {
      a = Arrays.copyOf(a, Math.max(id + 1, a.length * 2));
      a[id] = s;
      byId = a;
    } else {
      a[id] = s;
    }
    ids.put(s, id);
    size = Math.max(size, id + 1);
  }

  public synchronized int size() {
    return size;
  }

  /** Ids below this are on disk. */
  public synchronized int persistedCount() {
    return persisted;
  }

  public synchronized void markPersisted(int upTo) {
    persisted = Math.max(persisted, upTo);
  }

  /** The id → string array (entries up to {@link #size()}), for bulk decoding at start only. */
  public synchronized String[] array() {
    return byId;
  }
}
