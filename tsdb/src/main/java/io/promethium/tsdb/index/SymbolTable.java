package io.promethium.tsdb.index;

import java.util.HashMap;

/**
 * Interns label names and values so each distinct string lives once in the heap, however many
 * series share it (an Istio mesh repeats a few thousand strings across hundreds of thousands of
 * series).
 */
public final class SymbolTable {
  private final HashMap<String, String> symbols = new HashMap<>();

  public synchronized String intern(String s) {
    String prev = symbols.putIfAbsent(s, s);
    return prev == null ? s : prev;
  }

  public synchronized int size() {
    return symbols.size();
  }
}
