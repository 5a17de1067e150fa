package io.promethium.scrape;

import io.promethium.scrape.textparse.Entry;
import io.promethium.scrape.textparse.ExpositionParser;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A target's metric metadata (HELP/TYPE/UNIT), kept from scrape to scrape. A target exposes the
 * same metadata lines in the same order nearly every time, so each line is first compared, as
 * raw bytes, with the line at the same position in the last successful scrape; only a scrape
 * whose lines differ decodes them into strings and rebuilds the families. An Istio sidecar has
 * ~230 such lines: decoding them on every scrape was most of what a steady-state scrape allocated.
 *
 * <p>Semantics are Prometheus's scrape cache's: a line updates only its own field of its family
 * (a family with only a HELP line this time keeps the type it had), and families absent from a
 * successful scrape are dropped. Owned by one writer; not thread-safe.
 */
final class ScrapeMetadata {
  private static final Entry[] KINDS = Entry.values();
  /** Lines of the last successful scrape: kind, raw bytes from metric name to end of text, decoded. */
  private Lines last = new Lines();
  /** Lines of the scrape in progress, filled only once it diverged from {@link #last}. */
  private Lines next = new Lines();
  /** Exposition format of {@link #last}: the same bytes unescape differently in the other one. */
  private int lastFormat = -1;
  private int format;
  private int matched;
  private boolean diverged;
  private Map<String, MetricMetadata> families = Map.of();
  private List<MetricMetadata> list = List.of();

  List<MetricMetadata> list() {
    return list;
  }

  /** Starts a scrape of a body in {@code format} (an {@code ExpositionFormat} ordinal). */
  void begin(int format) {
    this.format = format;
    matched = 0;
    diverged = format != lastFormat;
    next.clear();
  }

  /** One HELP, TYPE or UNIT entry the parser is on. */
  void line(ExpositionParser p, Entry kind) {
    byte[] b = p.buffer();
    int from = p.metadataStart();
    int to = p.metadataEnd();
    if (!diverged) {
      if (last.same(matched, kind, b, from, to)) {
        matched++;
        return;
      }
      diverged = true;
      next.copyPrefix(last, matched);
    }
    String text = switch (kind) {
      case TYPE -> p.type().text();
      case HELP -> p.help();
      default -> p.unit();
    };
    next.append(kind.ordinal(), b, from, to, p.metricName(), text);
  }

  /**
   * Ends a successful scrape; returns true when the families changed (then {@link #list()} is new).
   */
  boolean finish() {
    if (!diverged) {
      if (matched == last.count) {
        return false;
      }
      next.copyPrefix(last, matched); // the scrape ended early: its lines are a prefix of the last
    }
    lastFormat = format;
    Lines t = last;
    last = next;
    next = t;
    next.clear();
    Map<String, MetricMetadata> previous = families;
    Map<String, MetricMetadata> built = new HashMap<>();
    for (int i = 0; i < last.count; i++) {
      String name = last.names[i];
      MetricMetadata m = built.get(name);
      if (m == null) {
        m = previous.getOrDefault(name, new MetricMetadata(name, "unknown", "", ""));
      }
      String v = last.texts[i];
      m = switch (KINDS[last.kinds[i]]) {
        case TYPE -> v.equals(m.type()) ? m : new MetricMetadata(name, v, m.help(), m.unit());
        case HELP -> v.equals(m.help()) ? m : new MetricMetadata(name, m.type(), v, m.unit());
        default -> v.equals(m.unit()) ? m : new MetricMetadata(name, m.type(), m.help(), v);
      };
      built.put(name, m);
    }
    families = built;
    list = built.isEmpty() ? List.of() : List.copyOf(built.values());
    return true;
  }

  /** Metadata lines in order: raw bytes back to back, plus what they decoded to. */
  private static final class Lines {
    byte[] raw = new byte[1024];
    int[] ends = new int[16];
    byte[] kinds = new byte[16];
    String[] names = new String[16];
    String[] texts = new String[16];
    int count;

    void clear() {
      Arrays.fill(names, 0, count, null);
      Arrays.fill(texts, 0, count, null);
      count = 0;
    }

    private int start(int i) {
      return i == 0 ? 0 : ends[i - 1];
    }

    boolean same(int i, Entry kind, byte[] b, int from, int to) {
      return i < count && kinds[i] == kind.ordinal() && Arrays.equals(raw, start(i), ends[i], b, from, to);
    }

    void copyPrefix(Lines other, int n) {
      for (int i = 0; i < n; i++) {
        append(other.kinds[i], other.raw, other.start(i), other.ends[i], other.names[i], other.texts[i]);
      }
    }

    void append(int kind, byte[] b, int from, int to, String name, String text) {
      if (count == ends.length) {
        int cap = count * 2;
        ends = Arrays.copyOf(ends, cap);
        kinds = Arrays.copyOf(kinds, cap);
        names = Arrays.copyOf(names, cap);
        texts = Arrays.copyOf(texts, cap);
      }
      int at = start(count);
      int len = to - from;
      if (at + len > raw.length) {
        raw = Arrays.copyOf(raw, Math.max(raw.length * 2, at + len));
      }
      System.arraycopy(b, from, raw, at, len);
      ends[count] = at + len;
      kinds[count] = (byte) kind;
      names[count] = name;
      texts[count] = text;
      count++;
    }
  }
}
