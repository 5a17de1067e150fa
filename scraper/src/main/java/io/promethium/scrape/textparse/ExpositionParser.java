package io.promethium.scrape.textparse;

import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import java.nio.charset.StandardCharsets;

/**
 * A pull parser over one scrape body, in the style of Prometheus's textparse: {@link #next()}
 * returns the kind of entry, then accessors describe it until the next call. Positions point
 * into the caller's buffer; strings are only made when asked for, so a scrape whose series are
 * all in the scrape cache only touches {@link #seriesStart()}/{@link #seriesEnd()}, the value and
 * the timestamp.
 *
 * <p>Instances are single-use and not thread-safe. Pick one with {@link ExpositionFormat}.
 */
public abstract class ExpositionParser {
  protected final byte[] b;
  protected final int end;
  protected int pos;
  protected int tokStart;
  /** Lexer state; both formats number their states alike up to {@link #S_VALUE}. */
  protected int state;
  /** The state in which a series' label set or value comes next. */
  protected static final int S_VALUE = 6;

  // Current series.
  protected int seriesStart;
  protected int seriesEnd;
  protected int nameStart;
  protected int nameEnd;
  /** Label offsets: nameStart, nameEnd, valueStart, valueEnd (value without quotes) per label. */
  protected int[] offsets = new int[64];
  protected int labelCount;
  protected double value;
  protected boolean hasTimestamp;
  protected long timestamp;

  /** Cache entry of the current series when a probe recognised it (labels then not lexed), else -1. */
  protected int cachedEntry = -1;
  protected SeriesCacheProbe probe;

  // Current metadata or comment.
  protected int textStart;
  protected int textEnd;
  protected MetricType type;

  // Current exemplar (OpenMetrics only).
  protected int[] exemplarOffsets = new int[16];
  protected int exemplarLabelCount;
  protected boolean hasExemplar;
  protected double exemplarValue;
  protected boolean hasExemplarTimestamp;
  protected long exemplarTimestamp;

  protected ExpositionParser(byte[] buffer, int length) {
    this.b = buffer;
    this.end = length;
  }

  /**
   * The position just after the label set opening at {@code open} (its closing brace outside
   * quotes, on this line), or -1 when it does not close on this line. Used to find a series' raw
   * bytes for the scrape cache without lexing its labels.
   */
  protected final int labelSetEnd(int open) {
    boolean quoted = false;
    for (int i = open + 1; i < end; i++) {
      byte c = b[i];
      if (c == '\n') {
        return -1;
      }
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '}') {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Asks the scrape cache about the series whose name was just lexed (it ends at {@link #pos}).
   * First the cheap guess: if the bytes at the series start are exactly the text of the entry the
   * cache expects next (a label set, so ending in a brace), the series ends where that text does,
   * since identical bytes find the same closing brace. Otherwise the label set's end is scanned for
   * ({@code blanksBeforeBrace}: the text format allows blanks between name and brace) and the
   * cache asked for those bytes. On a hit sets {@link #cachedEntry} and {@link #seriesEnd} and
   * returns where lexing continues (the value); -1 otherwise.
   */
  private int cachedSeriesEnd(boolean blanksBeforeBrace) {
    int stop = expectedSeriesEnd();
    if (stop < 0) {
      int i = pos;
      while (blanksBeforeBrace && i < end && (b[i] == ' ' || b[i] == '\t')) {
        i++;
      }
      if (i < end && b[i] == '{') {
        stop = labelSetEnd(i);
        if (stop < 0) {
          return -1;
        }
      } else {
        stop = pos;
      }
      int entry = probe.lookup(b, seriesStart, stop);
      if (entry < 0) {
        return -1;
      }
      cachedEntry = entry;
    }
    seriesEnd = stop;
    return stop;
  }

  private int expectedSeriesEnd() {
    int len = probe.expectedLength();
    if (len <= 0) {
      return -1;
    }
    int stop = seriesStart + len;
    if (stop > end || stop <= pos || b[stop - 1] != '}') {
      return -1;
    }
    int entry = probe.confirmExpected(b, seriesStart, stop);
    if (entry < 0) {
      return -1;
    }
    cachedEntry = entry;
    return stop;
  }

  /** Advances to the next entry; {@link Entry#EOF} at the end of the input. */
  public abstract Entry next() throws ExpositionParseException;

  /** Installs a scrape-cache probe (see {@link SeriesCacheProbe}); formats may ignore it. */
  public final void setCacheProbe(SeriesCacheProbe probe) {
    this.probe = probe;
  }

  /**
   * The probe's entry for the current series if it recognised the bytes, else -1 (then the
   * caller looks the series up itself, or builds its labels).
   */
  public final int cachedEntry() {
    return cachedEntry;
  }

  /**
   * Lexes the label set of a series whose labels were skipped thanks to the cache probe, leaving
   * the lexer where it was.
   */
  private void relexLabels() {
    int savedPos = pos;
    int savedState = state;
    int savedTok = tokStart;
    try {
      pos = nameEnd;
      state = S_VALUE;
      lexLabelSetAfterName();
    } catch (ExpositionParseException e) {
      throw new IllegalStateException("cached series no longer lexes: " + e.getMessage(), e);
    } finally {
      pos = savedPos;
      state = savedState;
      tokStart = savedTok;
    }
  }

  /** With the lexer just after a series' name: lexes its label set, if it has one. */
  protected abstract void lexLabelSetAfterName() throws ExpositionParseException;

  /**
   * On a scrape-cache hit ({@link #cachedSeriesEnd}) moves the lexer to the value and returns
   * true: those exact bytes lexed without error before.
   */
  protected final boolean probeCache(boolean blanksBeforeBrace) {
    int stop = cachedSeriesEnd(blanksBeforeBrace);
    if (stop < 0) {
      return false;
    }
    pos = stop;
    state = S_VALUE;
    return true;
  }

  /** True for OpenMetrics (float-second timestamps, units, exemplars). */
  public abstract boolean isOpenMetrics();

  /** The buffer the series bytes live in. */
  public final byte[] buffer() {
    return b;
  }

  /** Start of the raw series text (metric name up to the closing brace): the scrape cache key. */
  public final int seriesStart() {
    return seriesStart;
  }

  public final int seriesEnd() {
    return seriesEnd;
  }

  public final double value() {
    return value;
  }

  public final boolean hasTimestamp() {
    return hasTimestamp;
  }

  /** Milliseconds since the epoch (OpenMetrics seconds are converted). */
  public final long timestamp() {
    return timestamp;
  }

  /** The metric name of a series, or of a HELP/TYPE/UNIT entry. */
  public final String metricName() {
    return new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code __name__} and the series' labels into {@code into} (reset first). Returns the
   * first label name that occurred twice, or null: Prometheus rejects such samples.
   */
  public final String labels(LabelsBuilder into) {
    if (cachedEntry >= 0 && labelCount == 0) {
      relexLabels();
    }
    into.reset();
    into.set(Labels.METRIC_NAME, metricName());
    return copyLabels(offsets, labelCount, into, true);
  }

  public final boolean hasExemplar() {
    return hasExemplar;
  }

  /** The exemplar's labels into {@code into} (reset first). */
  public final void exemplarLabels(LabelsBuilder into) {
    into.reset();
    copyLabels(exemplarOffsets, exemplarLabelCount, into, false);
  }

  public final double exemplarValue() {
    return exemplarValue;
  }

  public final boolean hasExemplarTimestamp() {
    return hasExemplarTimestamp;
  }

  public final long exemplarTimestamp() {
    return exemplarTimestamp;
  }

  /**
   * Where the raw bytes of a HELP, TYPE or UNIT entry start in {@link #buffer()}: its metric name.
   * Equal bytes up to {@link #metadataEnd()} in the same format mean an equal entry.
   */
  public final int metadataStart() {
    return nameStart;
  }

  /** Where the raw bytes of a HELP, TYPE or UNIT entry end: the end of its text. */
  public final int metadataEnd() {
    return textEnd;
  }

  /** HELP text (unescaped). */
  public final String help() {
    return unescape(textStart, textEnd, !isOpenMetrics());
  }

  public final MetricType type() {
    return type;
  }

  public final String unit() {
    return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }

  /** Text of a comment line, including the leading {@code #}. */
  public final String comment() {
    return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
  }

  /** 1-based line number of a buffer offset (used for error reports only). */
  public final int lineOf(int offset) {
    int line = 1;
    int lim = Math.min(offset, end);
    for (int i = 0; i < lim; i++) {
      if (b[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  protected final ExpositionParseException error(String reason) {
    return new ExpositionParseException(reason, lineOf(tokStart));
  }

  /** Prometheus's {@code parseError}: {@code <expected>, got "<TOKEN>"}. */
  protected final ExpositionParseException expected(String what, Token got) {
    return error(what + ", got " + got.quoted());
  }

  protected final void addLabel(int ns, int ne, int vs, int ve) {
    int at = labelCount << 2;
    if (at + 4 > offsets.length) {
      offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[at] = ns;
    offsets[at + 1] = ne;
    offsets[at + 2] = vs;
    offsets[at + 3] = ve;
    labelCount++;
  }

  protected final void addExemplarLabel(int ns, int ne, int vs, int ve) {
    int at = exemplarLabelCount << 2;
    if (at + 4 > exemplarOffsets.length) {
      exemplarOffsets = java.util.Arrays.copyOf(exemplarOffsets, exemplarOffsets.length * 2);
    }
    exemplarOffsets[at] = ns;
    exemplarOffsets[at + 1] = ne;
    exemplarOffsets[at + 2] = vs;
    exemplarOffsets[at + 3] = ve;
    exemplarLabelCount++;
  }

  protected static boolean isNameStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  protected static boolean isNameChar(int c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  protected static boolean isLabelStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  protected static boolean isLabelChar(int c) {
    return isLabelStart(c) || (c >= '0' && c <= '9');
  }

  /** Prometheus normalises every scraped NaN so it can never look like a staleness marker. */
  protected static double normalNaN(double v) {
    return v != v ? Double.longBitsToDouble(0x7ff8000000000001L) : v;
  }

  private String copyLabels(int[] offs, int count, LabelsBuilder into, boolean checkDuplicates) {
    String duplicate = null;
    for (int i = 0; i < count; i++) {
      int at = i << 2;
      String name = new String(b, offs[at], offs[at + 1] - offs[at], StandardCharsets.ISO_8859_1);
      String val = unescape(offs[at + 2], offs[at + 3], false);
      if (checkDuplicates && duplicate == null && !into.get(name).isEmpty()) {
        duplicate = name;
      }
      into.set(name, val);
    }
    return duplicate;
  }

  /**
   * Label values unescape {@code \\}, {@code \"} and {@code \n}; classic HELP text only
   * {@code \\} and {@code \n}. Other backslash sequences stay as they are, as in Prometheus.
   */
  private String unescape(int from, int to, boolean helpRules) {
    int bs = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '\\') {
        bs = i;
        break;
      }
    }
    if (bs < 0) {
      return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '\\' && i + 1 < to) {
        byte d = b[i + 1];
        if (d == '\\' || d == 'n' || (d == '"' && !helpRules)) {
          out[n++] = d == 'n' ? (byte) '\n' : d;
          i++;
          continue;
        }
      }
      out[n++] = c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}
