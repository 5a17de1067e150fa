package io.promethium.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.scrape.relabel.Relabeler;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.Querier;
import io.promethium.tsdb.Storage;
import io.promethium.tsdb.StorageStats;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One scrape → one transaction in the real Tsdb: labels, limits, staleness, synthetic series. */
class ScrapeWriterTest {
  @TempDir Path dir;
  private Tsdb tsdb;
  private static final Labels TL = Labels.of("job", "job", "instance", "h:1");

  @BeforeEach
  void open() {
    tsdb = Tsdb.open(TsdbOptions.of(dir));
  }

  @AfterEach
  void close() throws Exception {
    tsdb.close();
  }

  private static ScrapeSettings settings(boolean honorLabels, boolean honorTimestamps, long sampleLimit, long labelLimit,
      long nameLen, long valueLen, List<RelabelConfig> metricRelabel) {
    return new ScrapeSettings("job", Duration.ofSeconds(15), Duration.ofSeconds(10), "/metrics", "http", Map.of(),
        honorLabels, honorTimestamps, sampleLimit, labelLimit, nameLen, valueLen, 0, 0, null, List.of(), metricRelabel);
  }

  private ScrapeWriter writer(ScrapeSettings s) throws Exception {
    Target t = TargetBuilder.populate(TargetBuilder.withDefaults(Labels.of("__address__", "h:1"), s), s, Relabeler.EMPTY);
    return new ScrapeWriter(tsdb, t, s, Relabeler.compile(s.metricRelabelConfigs()), new ScrapeCache());
  }

  private static ScrapeOutcome scrape(ScrapeWriter w, String body, long t) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return w.write(b, b.length, "text/plain; version=0.0.4", t, null, System.nanoTime());
  }

  private List<String> stored(String name, String... extra) {
    Labels l = TL.toBuilder().set("__name__", name).build();
    for (int i = 0; i < extra.length; i += 2) {
      l = l.toBuilder().set(extra[i], extra[i + 1]).build();
    }
    return StoredSamples.series(tsdb, l);
  }

  private static final ScrapeSettings PLAIN = settings(false, true, 0, 0, 0, 0, List.of());

  @Test
  void appendsSamplesWithTargetLabelsAndReports() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    ScrapeOutcome o1 = scrape(w, "# TYPE a counter\na 1\nb{x=\"y\"} 2\n", 1000);
    assertThat(o1).isEqualTo(new ScrapeOutcome(2, 2, 2, 0, 0, 0, null));
    ScrapeOutcome o2 = scrape(w, "# TYPE a counter\na 3\nb{x=\"y\"} 4\n", 2000);
    assertThat(o2.seriesAdded()).as("steady state hits the cache").isZero();
    assertThat(w.cache().size()).isEqualTo(2);
    assertThat(stored("a")).containsExactly("1000=1", "2000=3");
    assertThat(stored("b", "x", "y")).containsExactly("1000=2", "2000=4");
    assertThat(stored("up")).containsExactly("1000=1", "2000=1");
    assertThat(stored("scrape_samples_scraped")).containsExactly("1000=2", "2000=2");
    assertThat(stored("scrape_samples_post_metric_relabeling")).containsExactly("1000=2", "2000=2");
    assertThat(stored("scrape_series_added")).containsExactly("1000=2", "2000=0");
    assertThat(stored("scrape_duration_seconds")).hasSize(2);
  }

  @Test
  void vanishedSeriesGetStaleMarkers() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "a 1\nb 2\n", 1000);
    scrape(w, "a 1\n", 2000);
    scrape(w, "a 1\n", 3000);
    assertThat(stored("b")).containsExactly("1000=2", "2000=stale");
    assertThat(stored("a")).containsExactly("1000=1", "2000=1", "3000=1");
    // The marker is the exact bit pattern, not just any NaN.
    Map<Labels, List<String>> b = StoredSamples.select(tsdb, Matcher.equal("__name__", "b"));
    assertThat(b.values().iterator().next()).contains("2000=stale");
  }

  /** Each case: two scrapes' bodies, then what series {@code b} and {@code c} hold. */
  @Test
  void staleMarkersWhateverTheOrderOrRepetitionOfLines() throws Exception {
    Object[][] cases = {
      {"a 1\nb 2\nc 3\n", "a 1\nb 2\nc 3\n", List.of("1000=2", "2000=2"), List.of("1000=3", "2000=3")},
      // the same series in another order: nothing is stale
      {"a 1\nb 2\nc 3\n", "c 3\na 1\nb 2\n", List.of("1000=2", "2000=2"), List.of("1000=3", "2000=3")},
      // a series exposed twice that vanishes gets one marker (the second line is a duplicate sample)
      {"a 1\nb 2\nb 2\nc 3\n", "a 1\nc 3\n", List.of("1000=2", "2000=stale"), List.of("1000=3", "2000=3")},
      // a series exposed twice that stays is not stale
      {"a 1\nb 2\nc 3\n", "b 2\na 1\nb 2\n", List.of("1000=2", "2000=2"), List.of("1000=3", "2000=stale")},
      // as many series as before, one replaced by another
      {"a 1\nb 2\nc 3\n", "a 1\nb 2\nd 4\n", List.of("1000=2", "2000=2"), List.of("1000=3", "2000=stale")},
    };
    for (Object[] c : cases) {
      tsdb.close();
      tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("stale-" + System.nanoTime())));
      ScrapeWriter w = writer(PLAIN);
      scrape(w, (String) c[0], 1000);
      scrape(w, (String) c[1], 2000);
      assertThat(stored("b")).as("b after %s", c[1]).containsExactlyElementsOf(strings(c[2]));
      assertThat(stored("c")).as("c after %s", c[1]).containsExactlyElementsOf(strings(c[3]));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object o) {
    return (List<String>) o;
  }

  @Test
  void cachedRefsTheStorageForgotAreRebuiltFromTheLine() throws Exception {
    // The writer's storage is swapped for an empty one: every cached ref is then unknown to it,
    // as when retention forgets a series, and the writer must fall back to the line's labels.
    try (Tsdb empty = Tsdb.open(TsdbOptions.of(dir.resolve("empty")))) {
      Storage[] current = {tsdb};
      Storage switching = new Storage() {
        @Override public Appender appender() { return current[0].appender(); }
        @Override public Querier querier(long mint, long maxt) { return current[0].querier(mint, maxt); }
        @Override public StorageStats stats(int limit) { return current[0].stats(limit); }
        @Override public long minTime() { return current[0].minTime(); }
        @Override public long maxTime() { return current[0].maxTime(); }
        @Override public void close() {}
      };
      Target t = TargetBuilder.populate(TargetBuilder.withDefaults(Labels.of("__address__", "h:1"), PLAIN), PLAIN,
          Relabeler.EMPTY);
      ScrapeWriter w = new ScrapeWriter(switching, t, PLAIN, Relabeler.EMPTY, new ScrapeCache());
      scrape(w, "a 1\nb{x=\"y\"} 2\n", 1000);
      current[0] = empty;
      w = w.reconfigured(PLAIN, Relabeler.EMPTY); // keeps the cache, takes an appender of the new store
      ScrapeOutcome o = scrape(w, "a 3\nb{x=\"y\"} 4\n", 2000);
      assertThat(o.error()).isNull();
      assertThat(o.samplesPostRelabel()).isEqualTo(2);
      assertThat(StoredSamples.series(empty, TL.toBuilder().set("__name__", "a").build())).containsExactly("2000=3");
      assertThat(StoredSamples.series(empty, TL.toBuilder().set("__name__", "b").set("x", "y").build()))
          .containsExactly("2000=4");
      // The cache now holds the new store's refs: the next scrape is a plain hit.
      assertThat(scrape(w, "a 5\nb{x=\"y\"} 6\n", 3000).seriesAdded()).isZero();
      assertThat(StoredSamples.series(empty, TL.toBuilder().set("__name__", "a").build()))
          .containsExactly("2000=3", "3000=5");
      // A vanished series whose ref the store forgot gets no marker, and the scrape still commits.
      current[0] = tsdb;
      w = w.reconfigured(PLAIN, Relabeler.EMPTY);
      assertThat(scrape(w, "a 7\n", 4000).error()).isNull();
      assertThat(stored("a")).containsExactly("1000=1", "4000=7");
    }
  }

  @Test
  void failedScrapeStalesEverythingAndReportsDown() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "a 1\n", 1000);
    ScrapeOutcome o = w.write(null, 0, null, 2000, "server returned HTTP status 500 Internal Server Error", System.nanoTime());
    assertThat(o.error()).isEqualTo("server returned HTTP status 500 Internal Server Error");
    assertThat(stored("a")).containsExactly("1000=1", "2000=stale");
    assertThat(stored("up")).containsExactly("1000=1", "2000=0");
    assertThat(stored("scrape_samples_scraped")).containsExactly("1000=1", "2000=0");
  }

  @Test
  void parseErrorCommitsNothingFromTheBody() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "a 1\n", 1000);
    ScrapeOutcome o = scrape(w, "a 2\nc 3\nb\n", 2000);
    assertThat(o.error()).isEqualTo("expected value after metric, got \"INVALID\"");
    assertThat(stored("a")).containsExactly("1000=1", "2000=stale");
    assertThat(stored("c")).isEmpty();
    assertThat(stored("up")).containsExactly("1000=1", "2000=0");
  }

  @Test
  void conflictingLabelsBecomeExported() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "m{job=\"x\",instance=\"i\",exported_job=\"z\",k=\"v\"} 1\n", 1000);
    Map<Labels, List<String>> m = StoredSamples.select(tsdb, Matcher.equal("__name__", "m"));
    assertThat(m.keySet()).containsExactly(Labels.of("__name__", "m", "job", "job", "instance", "h:1",
        "exported_instance", "i", "exported_exported_job", "x", "exported_job", "z", "k", "v"));
  }

  @Test
  void honorLabelsKeepsScrapedValues() throws Exception {
    ScrapeWriter w = writer(settings(true, true, 0, 0, 0, 0, List.of()));
    scrape(w, "m{job=\"x\"} 1\n", 1000);
    Map<Labels, List<String>> m = StoredSamples.select(tsdb, Matcher.equal("__name__", "m"));
    assertThat(m.keySet()).containsExactly(Labels.of("__name__", "m", "job", "x", "instance", "h:1"));
  }

  @Test
  void honorTimestampsDecidesSampleTime() throws Exception {
    ScrapeWriter honor = writer(PLAIN);
    scrape(honor, "a 1 500\n", 1000);
    assertThat(stored("a")).containsExactly("500=1");
    tsdb.close();
    tsdb = Tsdb.open(TsdbOptions.of(dir.resolve("other")));
    ScrapeWriter ignore = writer(settings(false, false, 0, 0, 0, 0, List.of()));
    scrape(ignore, "a 1 500\n", 1000);
    assertThat(stored("a")).containsExactly("1000=1");
  }

  @Test
  void sampleLimitFailsTheScrapeButCountsEverything() throws Exception {
    ScrapeWriter w = writer(settings(false, true, 2, 0, 0, 0, List.of()));
    ScrapeOutcome o = scrape(w, "a 1\nb 2\nc 3\n", 1000);
    assertThat(o.error()).isEqualTo("sample limit exceeded");
    assertThat(o.samplesScraped()).isEqualTo(3);
    assertThat(stored("a")).isEmpty();
    assertThat(stored("up")).containsExactly("1000=0");
    assertThat(stored("scrape_samples_scraped")).containsExactly("1000=3");
  }

  @Test
  void labelLimitsUsePrometheusMessages() throws Exception {
    assertThat(scrape(writer(settings(false, true, 0, 3, 0, 0, List.of())), "m{a=\"1\",b=\"2\"} 1\n", 1000).error())
        .isEqualTo("label_limit exceeded (metric: m, number of labels: 5, limit: 3)");
    // __name__ and the target labels count too, as in Prometheus.
    assertThat(scrape(writer(settings(false, true, 0, 0, 8, 0, List.of())), "m{abcdefghi=\"1\"} 1\n", 2000).error())
        .isEqualTo("label_name_length_limit exceeded (metric: m, label name: abcdefghi, length: 9, limit: 8)");
    assertThat(scrape(writer(settings(false, true, 0, 0, 0, 3, List.of())), "m{a=\"1234\"} 1\n", 3000).error())
        .isEqualTo("label_value_length_limit exceeded (metric: m, label name: a, value: \"1234\", length: 4, limit: 3)");
  }

  @Test
  void metricRelabelingDropsAndIsCached() throws Exception {
    RelabelConfig drop = new RelabelConfig(List.of("__name__"), ";", "go_.*", 0, "", "$1", RelabelAction.DROP);
    ScrapeWriter w = writer(settings(false, true, 0, 0, 0, 0, List.of(drop)));
    ScrapeOutcome o = scrape(w, "go_x 1\nkeep 2\n", 1000);
    assertThat(o).isEqualTo(new ScrapeOutcome(2, 1, 1, 0, 0, 0, null));
    ScrapeOutcome o2 = scrape(w, "go_x 1\nkeep 2\n", 2000);
    assertThat(o2).isEqualTo(new ScrapeOutcome(2, 1, 0, 0, 0, 0, null));
    assertThat(stored("go_x")).isEmpty();
    assertThat(stored("keep")).containsExactly("1000=2", "2000=2");
  }

  @Test
  void missingNameAndDuplicateLabelsFailTheScrape() throws Exception {
    RelabelConfig dropName = new RelabelConfig(List.of(), ";", "__name__", 0, "", "$1", RelabelAction.LABELDROP);
    assertThat(scrape(writer(settings(false, true, 0, 0, 0, 0, List.of(dropName))), "m 1\n", 1000).error())
        .isEqualTo("missing metric name (__name__ label)");
    assertThat(scrape(writer(PLAIN), "m{a=\"1\",a=\"2\"} 1\n", 2000).error())
        .isEqualTo("label name \"a\" is not unique: invalid sample");
  }

  @Test
  void outOfOrderSamplesAreCountedNotFatal() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "a 1 5000\n", 1000);
    ScrapeOutcome o = scrape(w, "a 2 4000\nb 1\n", 2000);
    assertThat(o.error()).isNull();
    assertThat(o.outOfOrder()).isEqualTo(1);
    assertThat(o.samplesPostRelabel()).isEqualTo(1);
  }

  @Test
  void endOfRunMarksAllSeriesAndReportSeriesStale() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "a 1\n", 1000);
    w.writeEndOfRunStaleness(1500);
    assertThat(stored("a")).containsExactly("1000=1", "1500=stale");
    assertThat(stored("up")).containsExactly("1000=1", "1500=stale");
    assertThat(stored("scrape_series_added")).containsExactly("1000=1", "1500=stale");
  }

  @Test
  void keepsMetadataOfTheLastScrape() throws Exception {
    ScrapeSettings s = PLAIN;
    Target t = TargetBuilder.populate(TargetBuilder.withDefaults(Labels.of("__address__", "h:1"), s), s, Relabeler.EMPTY);
    ScrapeWriter w = new ScrapeWriter(tsdb, t, s, Relabeler.EMPTY, new ScrapeCache());
    scrape(w, "# HELP a Things.\n# TYPE a counter\na 1\n# TYPE u untyped\nu 1\n", 1000);
    assertThat(t.metadata()).containsExactlyInAnyOrder(
        new MetricMetadata("a", "counter", "Things.", ""), new MetricMetadata("u", "unknown", "", ""));
    scrape(w, "# HELP a Other.\na 1\n", 2000);
    assertThat(t.metadata()).containsExactly(new MetricMetadata("a", "counter", "Other.", ""));
  }

  private Target metadataTarget() throws Exception {
    return TargetBuilder.populate(TargetBuilder.withDefaults(Labels.of("__address__", "h:1"), PLAIN), PLAIN,
        Relabeler.EMPTY);
  }

  private ScrapeWriter plainWriter(Target t) {
    return new ScrapeWriter(tsdb, t, PLAIN, Relabeler.EMPTY, new ScrapeCache());
  }

  @Test
  void anUnchangedScrapeKeepsTheMetadataItHad() throws Exception {
    Target t = metadataTarget();
    ScrapeWriter w = plainWriter(t);
    String body = "# HELP a Things.\n# TYPE a counter\na 1\n# HELP b B.\n# TYPE b gauge\nb 2\n";
    scrape(w, body, 1000);
    List<MetricMetadata> first = t.metadata();
    scrape(w, body.replace("a 1", "a 5"), 2000);
    assertThat(t.metadata()).as("nothing decoded or rebuilt").isSameAs(first);
  }

  /** Each case: the metadata lines of two successive scrapes and what the second leaves. */
  @Test
  void metadataFollowsEveryKindOfChangeBetweenScrapes() throws Exception {
    String ab = "# HELP a A.\n# TYPE a counter\na 1\n# HELP b B.\n# TYPE b gauge\nb 2\n";
    Object[][] cases = {
      // a line in the middle changed: the lines before it come from the last scrape
      {ab, ab.replace("# TYPE b gauge", "# TYPE b counter"),
        List.of(new MetricMetadata("a", "counter", "A.", ""), new MetricMetadata("b", "counter", "B.", ""))},
      // the scrape ended early: a family gone is dropped
      {ab, "# HELP a A.\n# TYPE a counter\na 1\n", List.of(new MetricMetadata("a", "counter", "A.", ""))},
      // a line more at the end
      {ab, ab + "# TYPE c summary\nc_sum 1\n", List.of(new MetricMetadata("a", "counter", "A.", ""),
          new MetricMetadata("b", "gauge", "B.", ""), new MetricMetadata("c", "summary", "", ""))},
      // a family that lost its TYPE line keeps the type it had, as in Prometheus's scrape cache
      {ab, ab.replace("# TYPE b gauge\n", ""),
        List.of(new MetricMetadata("a", "counter", "A.", ""), new MetricMetadata("b", "gauge", "B.", ""))},
      // no metadata left at all
      {ab, "a 1\n", List.of()},
    };
    for (Object[] c : cases) {
      Target t = metadataTarget();
      ScrapeWriter w = plainWriter(t);
      scrape(w, (String) c[0], 1000);
      scrape(w, (String) c[1], 2000);
      assertThat(t.metadata()).as("%s", c[1]).containsExactlyInAnyOrderElementsOf(metadataList(c[2]));
    }
  }

  @SuppressWarnings("unchecked")
  private static List<MetricMetadata> metadataList(Object o) {
    return (List<MetricMetadata>) o;
  }

  @Test
  void theSameHelpBytesInTheOtherFormatAreDecodedAgain() throws Exception {
    Target t = metadataTarget();
    ScrapeWriter w = plainWriter(t);
    // The text format unescapes only \\ and \n in HELP; OpenMetrics also \".
    scrape(w, "# HELP a say \\\"hi\\\"\na 1\n", 1000);
    assertThat(t.metadata()).containsExactly(new MetricMetadata("a", "unknown", "say \\\"hi\\\"", ""));
    scrapeOm(w, "# HELP a say \\\"hi\\\"\na 1\n# EOF\n", 2000);
    assertThat(t.metadata()).containsExactly(new MetricMetadata("a", "unknown", "say \"hi\"", ""));
  }

  @Test
  void aFailedScrapeLeavesTheMetadataOfTheLastGoodOne() throws Exception {
    Target t = metadataTarget();
    ScrapeWriter w = plainWriter(t);
    String body = "# HELP a A.\n# TYPE a counter\na 1\n";
    scrape(w, body, 1000);
    scrape(w, "# HELP a Changed.\n# TYPE a gauge\na 1\nthis is not a sample\n", 2000);
    assertThat(t.metadata()).containsExactly(new MetricMetadata("a", "counter", "A.", ""));
    scrape(w, body, 3000);
    assertThat(t.metadata()).containsExactly(new MetricMetadata("a", "counter", "A.", ""));
    scrape(w, body.replace("A.", "B."), 4000);
    assertThat(t.metadata()).containsExactly(new MetricMetadata("a", "counter", "B.", ""));
  }

  @Test
  void scrapedNaNIsNotStale() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    scrape(w, "a NaN\n", 1000);
    assertThat(stored("a")).containsExactly("1000=NaN");
  }

  @Test
  void openMetricsByContentType() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    byte[] b = "a_total 1 1.5 # {id=\"x\"} 1\n# EOF\n".getBytes(StandardCharsets.UTF_8);
    ScrapeOutcome o = w.write(b, b.length, "application/openmetrics-text; version=1.0.0", 2000, null, System.nanoTime());
    assertThat(o.error()).isNull();
    assertThat(stored("a_total")).containsExactly("1500=1");
  }

  private static final String OM = "application/openmetrics-text; version=1.0.0";

  private static ScrapeOutcome scrapeOm(ScrapeWriter w, String body, long t) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return w.write(b, b.length, OM, t, null, System.nanoTime());
  }

  /** Everything stored except the synthetic series (scrape_duration_seconds differs run to run). */
  private static java.util.Map<Labels, List<String>> scraped(Tsdb db) {
    java.util.Map<Labels, List<String>> all = StoredSamples.select(db, Matcher.equal("job", "job"));
    all.keySet().removeIf(l -> List.of(ScrapeWriter.REPORT_NAMES).contains(l.get("__name__")));
    return all;
  }

  /**
   * Scrapes the bodies into the test's store through a caching writer and into a second store
   * through a writer whose cache is marked unvalidated before every scrape (so the parser lexes
   * every series in full), and checks both end up with the same samples and outcomes.
   */
  private void assertCachedScrapesStoreWhatUncachedScrapesStore(String contentType, String... bodies)
      throws Exception {
    ScrapeWriter cached = writer(PLAIN);
    try (Tsdb uncachedDb = Tsdb.open(TsdbOptions.of(dir.resolve("uncached")))) {
      Target t = TargetBuilder.populate(TargetBuilder.withDefaults(Labels.of("__address__", "h:1"), PLAIN), PLAIN,
          Relabeler.EMPTY);
      ScrapeWriter uncached = new ScrapeWriter(uncachedDb, t, PLAIN, Relabeler.EMPTY, new ScrapeCache());
      for (int i = 0; i < bodies.length; i++) {
        long ts = 1000L * (i + 1);
        byte[] b = bodies[i].getBytes(StandardCharsets.UTF_8);
        ScrapeOutcome c = cached.write(b, b.length, contentType, ts, null, System.nanoTime());
        uncached.cache().lexedBy(-1);
        ScrapeOutcome u = uncached.write(b, b.length, contentType, ts, null, System.nanoTime());
        assertThat(c.error()).as("scrape %d", i + 1).isEqualTo(u.error());
        assertThat(c.samplesPostRelabel()).as("scrape %d", i + 1).isEqualTo(u.samplesPostRelabel());
      }
      assertThat(scraped(tsdb)).isNotEmpty().isEqualTo(scraped(uncachedDb));
    }
  }

  @Test
  void openMetricsCachedScrapesStoreWhatUncachedScrapesStore() throws Exception {
    assertCachedScrapesStoreWhatUncachedScrapesStore(OM,
        "# TYPE a counter\na_total{x=\"1\"} 1 # {id=\"e\"} 1\na_total{x=\"2\"} 2\nb{y=\"q\\\"\"} 3\nc 4\n# EOF\n",
        "# TYPE a counter\na_total{x=\"1\"} 5\na_total{x=\"2\"} 6 # {id=\"f\"} 1\nb{y=\"q\\\"\"} 7\nc 8\n# EOF\n",
        "# TYPE a counter\na_total{x=\"1\"} 9\nb{y=\"q\\\"\"} NaN\nc 10 3.5\nd{z=\"new\"} 11\n# EOF\n");
    assertThat(stored("a_total", "x", "1")).containsExactly("1000=1", "2000=5", "3000=9");
    assertThat(stored("c")).containsExactly("1000=4", "2000=8", "3500=10");
  }

  @Test
  void openMetricsScrapesProbeTheCacheOnceItHoldsOpenMetricsKeys() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    for (int i = 0; i < 3; i++) {
      assertThat(scrapeOm(w, "a_total{x=\"1\"} " + i + "\n# EOF\n", 1000L * (i + 1)).error()).isNull();
      assertThat(w.cache().lexedBy()).as("probing after scrape %d", i + 1)
          .isEqualTo(io.promethium.scrape.textparse.ExpositionFormat.OPENMETRICS.ordinal());
    }
  }

  @Test
  void textFormatCachedScrapesStoreWhatUncachedScrapesStoreWhenSeriesMoveAround() throws Exception {
    // The cache guesses each line is the entry after the previous hit; these bodies reorder series,
    // drop and add some, put a label set after a name-only series of the same name, and end with a
    // line shorter than the guessed text, so guesses miss in every way a guess can.
    assertCachedScrapesStoreWhatUncachedScrapesStore("text/plain; version=0.0.4",
        "a 1\na{b=\"c\"} 2\nx{l=\"1\"} 3\nx{l=\"2\"} 4\nx{l=\"3\",m=\"}\"} 5\ny 6\n",
        "a{b=\"c\"} 7\na 8\nx{l=\"2\"} 9\nx{l=\"1\"} 10\ny 11\nx{l=\"3\",m=\"}\"} 12\n",
        "a 13\na{b=\"c\"} 14\nx{l=\"1\"} 15\nx{l=\"3\",m=\"}\"} 16\nx{l=\"2\"} 17\nx{l=\"4\"} 18\ny 19\n",
        "a 20\na{b=\"c\"} 21\nx{l=\"1\"} 22\nx{l=\"3\",m=\"}\"} 23\nx{l=\"2\"} 24\nx{l=\"4\"} 25\ny 26\n",
        "a 27\na{b=\"c\"} 28\nx{l=\"1\"} 29\nx{l=\"3\"} 30\n",
        "a 31\na{b=\"c\"} 32\nx{l=\"1\"} 33\nx{l=\"3\"} 34\n",
        "a 35\na{b=\"c\"} 36\nx{l=\"1\"} 37\nx{l=\"3\"");
    assertThat(stored("x", "l", "3", "m", "}")).containsExactly("1000=5", "2000=12", "3000=16", "4000=23", "5000=stale");
    assertThat(stored("a")).containsExactly("1000=1", "2000=8", "3000=13", "4000=20", "5000=27", "6000=31",
        "7000=stale");
  }

  @Test
  void randomlyReorderedAndMutatedScrapesStoreWhatUncachedScrapesStore() throws Exception {
    // Series texts chosen to trip a text-based guess: shared prefixes, braces and quotes inside
    // values, a name-only series whose name prefixes others, texts that differ in length only.
    String[] series = {
      "a", "a{b=\"c\"}", "a{b=\"c\",d=\"e\"}", "a{b=\"c}\"}", "a{b=\"c\\\"}\"}", "ab{x=\"1\"}",
      "ab{x=\"10\"}", "ab{x=\"1\",y=\"\"}", "h_bucket{le=\"+Inf\"}", "h_bucket{le=\"1\"}",
    };
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    String[] bodies = new String[40];
    for (int i = 0; i < bodies.length; i++) {
      List<String> lines = new java.util.ArrayList<>();
      for (String sr : series) {
        if (r.nextInt(5) > 0) {
          lines.add(sr + " " + r.nextInt(1000) + "\n");
        }
      }
      if (r.nextInt(3) > 0) {
        java.util.Collections.shuffle(lines, new java.util.Random(r.nextLong()));
      }
      StringBuilder b = new StringBuilder();
      lines.forEach(b::append);
      if (r.nextInt(8) == 0 && b.length() > 3) {
        b.setLength(r.nextInt(b.length())); // a cut body: a parse error, everything goes stale
      }
      bodies[i] = b.toString();
    }
    assertCachedScrapesStoreWhatUncachedScrapesStore("text/plain; version=0.0.4", bodies);
  }

  @Test
  void seriesCachedFromTheTextFormatAreLexedAgainWhenTheTargetSwitchesToOpenMetrics() throws Exception {
    ScrapeWriter w = writer(PLAIN);
    // Valid in the text format, invalid in OpenMetrics (trailing comma): the cache must not let it through.
    assertThat(scrape(w, "a{b=\"c\",} 1\n", 1000).error()).isNull();
    assertThat(scrape(w, "a{b=\"c\",} 2\n", 2000).error()).isNull();
    ScrapeOutcome o = scrapeOm(w, "a{b=\"c\",} 3\n# EOF\n", 3000);
    assertThat(o.error()).isEqualTo("expected label name, got \"BCLOSE\"");
    assertThat(stored("a", "b", "c")).containsExactly("1000=1", "2000=2", "3000=stale");
  }
}
