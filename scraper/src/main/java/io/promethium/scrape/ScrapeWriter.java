package io.promethium.scrape;

import io.promethium.scrape.relabel.Relabeler;
import io.promethium.scrape.textparse.Entry;
import io.promethium.scrape.textparse.ExpositionFormat;
import io.promethium.scrape.textparse.ExpositionParseException;
import io.promethium.scrape.textparse.ExpositionParser;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.InvalidLabelsException;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.SampleRejectedException;
import io.promethium.tsdb.StaleNaN;
import io.promethium.tsdb.Storage;
import io.promethium.tsdb.UnknownSeriesException;

/**
 * Writes one scrape of one target to storage as a single transaction, following Prometheus 2.42's
 * {@code scrapeLoop.append}/{@code report}: cache lookups by raw series text, target labels with
 * {@code honor_labels} semantics, metric relabeling, limits, staleness markers for series that
 * vanished, and the synthetic {@code up}/{@code scrape_*} series. A failed scrape commits no
 * scraped samples; it is written as an empty scrape (so everything goes stale) plus {@code up 0}.
 *
 * <p>Owned by one loop; not thread-safe.
 */
final class ScrapeWriter {
  static final String SAMPLE_LIMIT_EXCEEDED = "sample limit exceeded";

  static final String[] REPORT_NAMES = {
    "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
    "scrape_series_added"
  };

  private final Storage storage;
  private final Target target;
  private final ScrapeSettings settings;
  private final Relabeler metricRelabeler;
  private final ScrapeCache cache;
  /** One transaction per scrape, reused: its buffers then grow once, not on every scrape. */
  private final Appender appender;
  private ScrapedSeries prev = new ScrapedSeries();
  private ScrapedSeries cur = new ScrapedSeries();
  private final LabelsBuilder lb = new LabelsBuilder();
  private final long[] reportRefs = new long[REPORT_NAMES.length];
  private final Labels[] reportLabels = new Labels[REPORT_NAMES.length];
  private boolean reported;
  /** Metadata by family, kept across scrapes; families not seen in a successful scrape are dropped. */
  private ScrapeMetadata metadata = new ScrapeMetadata();
  private long lastWriteTime = Long.MIN_VALUE;

  // Per-scrape counters.
  private long total;
  private long added;
  private long seriesAdded;
  private long outOfOrder;
  private long duplicates;
  private long outOfBounds;
  private int bodyFormat = -1;

  ScrapeWriter(Storage storage, Target target, ScrapeSettings settings, Relabeler metricRelabeler, ScrapeCache cache) {
    this.storage = storage;
    this.target = target;
    this.settings = settings;
    this.metricRelabeler = metricRelabeler;
    this.cache = cache;
    this.appender = storage.appender();
    for (int i = 0; i < REPORT_NAMES.length; i++) {
      reportLabels[i] = target.seriesLabels().toBuilder().set(Labels.METRIC_NAME, REPORT_NAMES[i]).build();
    }
  }

  /**
   * A writer for new settings that continues this one's state (cache, series of the last scrape,
   * report refs), so a config reload neither re-parses known series nor loses staleness tracking.
   */
  ScrapeWriter reconfigured(ScrapeSettings newSettings, Relabeler newMetricRelabeler) {
    ScrapeWriter w = new ScrapeWriter(storage, target, newSettings, newMetricRelabeler,
        newMetricRelabeler == metricRelabeler ? cache : new ScrapeCache());
    w.prev = prev;
    System.arraycopy(reportRefs, 0, w.reportRefs, 0, reportRefs.length);
    w.reported = reported;
    w.lastWriteTime = lastWriteTime;
    w.metadata = metadata;
    return w;
  }

  ScrapeCache cache() {
    return cache;
  }

  /** Time of the last scrape written, or Long.MIN_VALUE if none. */
  long lastWriteTime() {
    return lastWriteTime;
  }

  /**
   * Writes a scrape. {@code body} is null when the HTTP part failed with {@code scrapeError}.
   * {@code startNanos} is when the scrape began (System.nanoTime), for scrape_duration_seconds.
   */
  ScrapeOutcome write(byte[] body, int length, String contentType, long t, String scrapeError, long startNanos) {
    total = added = seriesAdded = outOfOrder = duplicates = outOfBounds = 0;
    lastWriteTime = t;
    Appender app = appender;
    String error = scrapeError;
    try {
      if (error == null) {
        String appendError = null;
        try {
          appendBody(app, body, length, contentType, t);
        } catch (ExpositionParseException e) {
          appendError = e.reason();
        } catch (ScrapeFailure e) {
          appendError = e.getMessage();
        } catch (InvalidLabelsException e) {
          appendError = e.getMessage();
        }
        if (appendError == null) {
          writeStale(app, t);
          cache.iterationDone(length > 0);
          if (length > 0) {
            cache.lexedBy(bodyFormat); // the flush left only keys this scrape lexed or probed
          }
        } else {
          app.rollback();
          writeEmptyScrape(app, t);
          error = appendError;
        }
      } else {
        writeEmptyScrape(app, t);
      }
      double duration = (System.nanoTime() - startNanos) / 1e9;
      report(app, t, duration, error);
      app.commit();
    } catch (RuntimeException e) {
      app.rollback();
      throw e;
    }
    return new ScrapeOutcome(total, added, seriesAdded, outOfOrder, duplicates, outOfBounds, error);
  }

  /** Stale markers for everything this target wrote last, when the target goes away. */
  void writeEndOfRunStaleness(long t) {
    Appender app = storage.appender();
    try {
      cur.clear();
      writeStale(app, t);
      if (reported) {
        for (int i = 0; i < REPORT_NAMES.length; i++) {
          appendQuietly(app, i, t, StaleNaN.VALUE);
        }
      }
      app.commit();
    } catch (RuntimeException e) {
      app.rollback();
      throw e;
    }
  }

  private void writeEmptyScrape(Appender app, long t) {
    cur.clear();
    writeStale(app, t);
    cache.iterationDone(false);
  }

  /** Series of the previous scrape that this one did not have get a stale marker; then swap. */
  private void writeStale(Appender app, long t) {
    for (int i = 0, n = prev.sameAs(cur) ? 0 : prev.size(); i < n; i++) {
      long ref = prev.ref(i);
      if (!cur.seenOrMark(ref)) {
        try {
          app.append(ref, null, t, StaleNaN.VALUE);
        } catch (SampleRejectedException e) {
          // Out of order/duplicate with a newer sample: the series is alive elsewhere; nothing to mark.
          count(e);
        } catch (UnknownSeriesException e) {
          // Retention forgot the series: it has no samples left to end.
        }
      }
    }
    ScrapedSeries tmp = prev;
    prev = cur;
    cur = tmp;
    cur.clear();
  }

  private void appendBody(Appender app, byte[] body, int length, String contentType, long t)
      throws ExpositionParseException, ScrapeFailure {
    cur.clear();
    ExpositionFormat format = ExpositionFormat.fromContentType(contentType);
    ExpositionParser p = format.newParser(body, length);
    bodyFormat = format.ordinal();
    metadata.begin(bodyFormat);
    if (cache.lexedBy() == bodyFormat) {
      p.setCacheProbe(cache);
    } else {
      cache.lexedBy(-1); // keys from another format's lexer, or none yet: lex everything this time
    }
    boolean honorTimestamps = settings.honorTimestamps();
    long sampleLimit = settings.sampleLimit();
    boolean sampleLimitExceeded = false;
    byte[] buf = p.buffer();
    Entry e;
    while ((e = p.next()) != Entry.EOF) {
      if (e != Entry.SERIES) {
        if (e != Entry.COMMENT) {
          metadata.line(p, e);
        }
        continue;
      }
      total++;
      long ts = t;
      boolean explicitTs = honorTimestamps && p.hasTimestamp();
      if (explicitTs) {
        ts = p.timestamp();
      }
      int entry = p.cachedEntry();
      if (entry < 0) {
        entry = cache.find(buf, p.seriesStart(), p.seriesEnd());
      }
      long ref;
      Labels lset = null;
      if (entry >= 0) {
        ref = cache.ref(entry);
        if (ref == ScrapeCache.DROPPED) {
          continue;
        }
      } else {
        lset = seriesLabels(p);
        if (lset == null) {
          cache.add(ScrapeCache.DROPPED);
          continue;
        }
        ref = 0;
      }
      double v = p.value();
      if (sampleLimit > 0 && !StaleNaN.isStale(v) && added >= sampleLimit) {
        // Keep parsing so scrape_samples_scraped is right, as Prometheus does.
        sampleLimitExceeded = true;
        continue;
      }
      long newRef;
      try {
        try {
          newRef = app.append(ref, lset, ts, v);
        } catch (UnknownSeriesException ex) {
          // A cached ref whose series retention forgot: the line is still here, so rebuild it.
          lset = seriesLabels(p);
          if (lset == null) {
            cache.setRef(entry, ScrapeCache.DROPPED);
            continue;
          }
          newRef = app.append(0, lset, ts, v);
        }
      } catch (SampleRejectedException ex) {
        count(ex);
        continue;
      }
      if (entry < 0) {
        cache.add(newRef);
        seriesAdded++;
      } else if (newRef != ref) {
        cache.setRef(entry, newRef);
      }
      if (!explicitTs) {
        cur.add(newRef);
      }
      added++;
    }
    if (sampleLimitExceeded) {
      throw new ScrapeFailure(SAMPLE_LIMIT_EXCEEDED);
    }
    if (metadata.finish()) {
      target.setMetadata(metadata.list());
    }
  }

  /**
   * The final labels of the current line: scraped labels, target labels, metric relabeling and
   * the label limits; null when relabeling dropped the series.
   */
  private Labels seriesLabels(ExpositionParser p) throws ScrapeFailure {
    String dup = p.labels(lb);
    if (dup != null) {
      throw new ScrapeFailure("label name \"" + dup + "\" is not unique: invalid sample");
    }
    attachTargetLabels();
    if (!metricRelabeler.isEmpty() && !metricRelabeler.apply(lb)) {
      return null;
    }
    Labels lset = lb.build();
    if (lset.get(Labels.METRIC_NAME).isEmpty()) {
      throw new ScrapeFailure("missing metric name (__name__ label)");
    }
    verifyLabelLimits(lset);
    return lset;
  }

  /**
   * Target labels win over scraped ones unless honor_labels; a scraped label that loses is kept
   * as {@code exported_<name>} (more {@code exported_} prefixes until the name is free).
   */
  private void attachTargetLabels() {
    Labels tl = target.seriesLabels();
    if (settings.honorLabels()) {
      for (int i = 0; i < tl.size(); i++) {
        if (lb.get(tl.name(i)).isEmpty()) {
          lb.set(tl.name(i), tl.value(i));
        }
      }
      return;
    }
    String[] conflictNames = null;
    String[] conflictValues = null;
    int conflicts = 0;
    for (int i = 0; i < tl.size(); i++) {
      String existing = lb.get(tl.name(i));
      if (!existing.isEmpty()) {
        if (conflictNames == null) {
          conflictNames = new String[tl.size()];
          conflictValues = new String[tl.size()];
        }
        conflictNames[conflicts] = tl.name(i);
        conflictValues[conflicts] = existing;
        conflicts++;
      }
      lb.set(tl.name(i), tl.value(i));
    }
    if (conflicts == 0) {
      return;
    }
    // Shorter names first (stable), as Prometheus's resolveConflictingExposedLabels.
    for (int i = 1; i < conflicts; i++) {
      for (int j = i; j > 0 && conflictNames[j].length() < conflictNames[j - 1].length(); j--) {
        String n = conflictNames[j];
        conflictNames[j] = conflictNames[j - 1];
        conflictNames[j - 1] = n;
        String v = conflictValues[j];
        conflictValues[j] = conflictValues[j - 1];
        conflictValues[j - 1] = v;
      }
    }
    for (int i = 0; i < conflicts; i++) {
      String name = conflictNames[i];
      while (true) {
        name = "exported_" + name;
        boolean taken = !lb.get(name).isEmpty();
        for (int k = 0; k < i && !taken; k++) {
          taken = conflictNames[k].equals(name);
        }
        if (!taken) {
          break;
        }
      }
      conflictNames[i] = name;
    }
    for (int i = 0; i < conflicts; i++) {
      lb.set(conflictNames[i], conflictValues[i]);
    }
  }

  private void verifyLabelLimits(Labels lset) throws ScrapeFailure {
    String met = lset.get(Labels.METRIC_NAME);
    long limit = settings.labelLimit();
    if (limit > 0 && lset.size() > limit) {
      throw new ScrapeFailure("label_limit exceeded (metric: " + trunc(met) + ", number of labels: " + lset.size()
          + ", limit: " + limit + ")");
    }
    long nameLimit = settings.labelNameLengthLimit();
    long valueLimit = settings.labelValueLengthLimit();
    if (nameLimit == 0 && valueLimit == 0) {
      return;
    }
    for (int i = 0; i < lset.size(); i++) {
      String n = lset.name(i);
      String v = lset.value(i);
      if (nameLimit > 0 && n.length() > nameLimit) {
        throw new ScrapeFailure("label_name_length_limit exceeded (metric: " + trunc(met) + ", label name: "
            + trunc(n) + ", length: " + n.length() + ", limit: " + nameLimit + ")");
      }
      int vlen = v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (valueLimit > 0 && vlen > valueLimit) {
        throw new ScrapeFailure("label_value_length_limit exceeded (metric: " + trunc(met) + ", label name: "
            + trunc(n) + ", value: \"" + trunc(v) + "\", length: " + vlen + ", limit: " + valueLimit + ")");
      }
    }
  }

  /** Go's {@code %.50s}. */
  private static String trunc(String s) {
    return s.length() <= 50 ? s : s.substring(0, 50);
  }

  private void report(Appender app, long t, double durationSeconds, String error) {
    reported = true;
    appendQuietly(app, 0, t, error == null ? 1 : 0);
    appendQuietly(app, 1, t, durationSeconds);
    appendQuietly(app, 2, t, total);
    appendQuietly(app, 3, t, added);
    appendQuietly(app, 4, t, seriesAdded);
  }

  private void appendQuietly(Appender app, int i, long t, double v) {
    try {
      reportRefs[i] = app.append(reportRefs[i], reportLabels[i], t, v);
    } catch (SampleRejectedException e) {
      count(e);
    }
  }

  private void count(SampleRejectedException e) {
    switch (e.reason()) {
      case OUT_OF_ORDER -> outOfOrder++;
      case DUPLICATE -> duplicates++;
      case OUT_OF_BOUNDS -> outOfBounds++;
    }
  }
}
