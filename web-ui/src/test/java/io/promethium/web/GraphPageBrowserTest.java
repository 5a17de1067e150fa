package io.promethium.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** /graph in headless Chromium against recorded Prometheus 2.42 responses. */
class GraphPageBrowserTest {
  private static final String ISTIO_INSTANT = "c01-query-istio-requests-total.txt";
  private static final String ISTIO_RANGE = "c02-query-range-istio-requests-total.txt";
  private static UiServer server;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start(); // skips the class without chromium/chromedriver
    RecordedApi api = RecordedApi.load(ISTIO_INSTANT, ISTIO_RANGE, "c03-label-name-values.txt",
        "c04-labels-match-istio.txt", "c05-label-response-code-values.txt", "c06-metadata.txt",
        "c08-query-parse-error.txt", "01-query-instant-vector.txt", "08-query-range.txt", "28-status-flags.txt",
        "03-query-scalar.txt", "04-query-string.txt", "05-query-matrix.txt", "06-query-special-floats.txt");
    api.putQuery("/api/v1/query_range", "synthetic_500x1000", syntheticMatrix(500, 1000));
    server = new UiServer(api);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void clearConsole() {
    browser.consoleErrors();
  }

  private static int seriesIn(String recording) {
    String text = RecordedApi.read("prometheus-2.42/" + recording);
    return new JsonObject(text.substring(text.indexOf("\n\n") + 2)).getJsonObject("data").getJsonArray("result").size();
  }

  private void open(String pathAndQuery) {
    browser.driver.get(server.url(pathAndQuery));
    browser.wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  private WebElement panel(int i) {
    return browser.driver.findElements(By.cssSelector("section.panel")).get(i);
  }

  private void type(WebElement panel, String text) {
    WebElement content = panel.findElement(By.cssSelector(".cm-content"));
    content.click();
    content.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    content.sendKeys(text);
  }

  private void waitDone(WebElement panel) {
    browser.wait.until(d -> {
      String s = panel.getDomAttribute("data-state");
      return "done".equals(s) || "error".equals(s);
    });
  }

  @Test
  void tableShowsOneRowPerSeriesWithLabelsAndStats() throws Exception {
    open("/graph");
    WebElement p = panel(0);
    type(p, "istio_requests_total");
    p.findElement(By.cssSelector(".cm-content")).sendKeys(Keys.ESCAPE); // close the completion popup
    p.findElement(By.cssSelector("button.execute")).click();
    waitDone(p);
    List<WebElement> rows = p.findElements(By.cssSelector("table.result-table tbody tr"));
    assertThat(rows).hasSize(seriesIn(ISTIO_INSTANT));
    String first = rows.get(0).findElement(By.cssSelector("td.series-name")).getText();
    assertThat(first).startsWith("istio_requests_total{").contains("destination_service_name=\"details\"")
        .contains("reporter=\"").contains("response_code=\"").doesNotContain("__name__");
    assertThat(rows.get(0).findElement(By.cssSelector("td.num")).getText()).matches("[0-9.e+]+");
    String stats = p.findElement(By.cssSelector(".stats")).getText();
    assertThat(stats).contains("Load time:").contains("Resolution: 14s").contains("Result series: " + seriesIn(ISTIO_INSTANT));
    assertThat(browser.driver.getCurrentUrl()).contains("g0.expr=istio_requests_total").contains("g0.tab=1");
    // The UI asked for an instant query of exactly the typed expression.
    MultiMap last = lastRequestTo("/api/v1/query");
    assertThat(last.get("query")).isEqualTo("istio_requests_total");
    assertThat(Double.parseDouble(last.get("time"))).isGreaterThan(1.7e9);
    browser.screenshot("graph-table");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void graphTabDrawsOneLinePerSeriesWithLegend() throws Exception {
    open("/graph?g0.expr=istio_requests_total&g0.tab=1");
    WebElement p = panel(0);
    waitDone(p);
    p.findElement(By.cssSelector("[role=tab][id$=tab-graph]")).click();
    browser.wait.until(d -> p.findElements(By.cssSelector(".legend li")).size() > 0);
    int n = seriesIn(ISTIO_RANGE);
    assertThat(p.findElements(By.cssSelector(".legend li"))).hasSize(n);
    WebElement chart = p.findElement(By.cssSelector(".chart"));
    assertThat(chart.getDomAttribute("data-rendered-series")).isEqualTo(String.valueOf(n));
    WebElement canvas = chart.findElement(By.tagName("canvas"));
    assertThat(canvas.getSize().getWidth()).isGreaterThan(600);
    assertThat(canvas.getSize().getHeight()).isGreaterThan(300);
    assertThat(p.findElement(By.cssSelector(".stats")).getText()).contains("Result series: " + n);
    assertThat(browser.driver.getCurrentUrl()).contains("g0.tab=0").contains("g0.range_input=1h");
    MultiMap last = lastRequestTo("/api/v1/query_range");
    assertThat(last.get("query")).isEqualTo("istio_requests_total");
    double start = Double.parseDouble(last.get("start"));
    double end = Double.parseDouble(last.get("end"));
    assertThat(end - start).isCloseTo(3600, org.assertj.core.data.Offset.offset(0.01));
    assertThat(last.get("step")).isEqualTo("14"); // floor(3600 / 250), as Prometheus
    // Hovering next to the last point of the second series shows its value in a tooltip.
    WebElement over = chart.findElement(By.cssSelector(".u-over"));
    @SuppressWarnings("unchecked")
    List<Number> pos = (List<Number>) browser.driver.executeScript(
        "const p = PromGraph.panels[0], u = p.chart, g = p.graphData, ys = g.series[1].ys;"
            + "let k = ys.length - 1; while (ys[k] === null) k--;"
            + "return [u.valToPos(g.xs[k], 'x'), u.valToPos(ys[k], 'y')];");
    new Actions(browser.driver).moveToElement(over,
        pos.get(0).intValue() - over.getSize().getWidth() / 2 - 3,
        pos.get(1).intValue() - over.getSize().getHeight() / 2).perform();
    WebElement tip = chart.findElement(By.cssSelector(".tooltip"));
    browser.wait.until(ExpectedConditions.visibilityOf(tip));
    assertThat(tip.getText()).contains("UTC").contains("istio_requests_total{").contains("Value: ");
    browser.screenshot("graph-graph");
    assertThat(((Number) browser.driver.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
        .as("horizontal overflow at 1280x800").isLessThanOrEqualTo(0);
    // Clicking a legend entry isolates that series; clicking it again shows all.
    List<WebElement> items = p.findElements(By.cssSelector(".legend li"));
    items.get(1).click();
    assertThat(p.findElements(By.cssSelector(".legend li[aria-pressed=true]"))).hasSize(1);
    items.get(1).click();
    assertThat(p.findElements(By.cssSelector(".legend li[aria-pressed=true]"))).hasSize(n);
    // Stacked mode is a toggle that lands in the URL.
    p.findElement(By.cssSelector("button.stacked")).click();
    assertThat(browser.driver.getCurrentUrl()).contains("g0.stacked=1");
    assertThat(p.findElements(By.cssSelector(".legend li"))).hasSize(n);
    // Stacked: each drawn line is the running sum of the series below it; hover values stay raw.
    Object stackedOk = browser.driver.executeScript(
        "const p = PromGraph.panels[0], d = p.chart.data, g = p.graphData;"
            + "for (let k = 0; k < g.xs.length; k++) { let acc = 0;"
            + "  for (let i = 0; i < g.series.length; i++) { const v = g.series[i].ys[k]; if (v === null) continue;"
            + "    acc += v; if (Math.abs(d[i + 1][k] - acc) > 1e-9) return 'series ' + i + ' at ' + k + ': ' + d[i + 1][k] + ' != ' + acc; } }"
            + "return p.chart.scales.y.min <= 0 ? 'ok' : 'y axis starts at ' + p.chart.scales.y.min;");
    assertThat(stackedOk).isEqualTo("ok");
    browser.screenshot("graph-graph-stacked");
    p.findElement(By.cssSelector("button.stacked")).click();
    over = chart.findElement(By.cssSelector(".u-over")); // the chart was redrawn
    // Dragging across the middle half of the plot zooms in: new end time and range, new query.
    int before = server.api.requests().size();
    int w = over.getSize().getWidth();
    new Actions(browser.driver).moveToElement(over, -w / 4, 0).clickAndHold().pause(java.time.Duration.ofMillis(50))
        .moveByOffset(w / 4, 0).pause(java.time.Duration.ofMillis(50)).moveByOffset(w / 4, 0)
        .pause(java.time.Duration.ofMillis(50)).release().perform();
    browser.wait.until(ExpectedConditions.urlContains("g0.end_input="));
    browser.wait.until(d -> server.api.requests().size() > before);
    MultiMap zoomed = lastRequestTo("/api/v1/query_range");
    double zoomedRange = Double.parseDouble(zoomed.get("end")) - Double.parseDouble(zoomed.get("start"));
    // A zoom into part of the hour. How much of the drag Chromium delivers varies under load
    // (intermediate pointer moves can be coalesced), so only "narrower, not empty" is stable.
    assertThat(zoomedRange).isBetween(60.0, 3590.0);
    // The range field follows the zoom: a sub-hour duration in Prometheus's format.
    assertThat(p.findElement(By.cssSelector("input.range")).getDomProperty("value")).matches("([1-5]?\\d)m(\\d+s)?|\\d+s");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void ctrlEnterExecutesAndApiErrorsAreShownInline() {
    open("/graph");
    WebElement p = panel(0);
    type(p, "sum(istio_requests_total");
    p.findElement(By.cssSelector(".cm-content")).sendKeys(Keys.ESCAPE, Keys.DELETE); // drop the auto-closed ")"
    p.findElement(By.cssSelector(".cm-content")).sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    waitDone(p);
    WebElement alert = p.findElement(By.cssSelector(".messages .alert"));
    assertThat(alert.getText()).isEqualTo(
        "Error executing query: invalid parameter \"query\": 1:25: parse error: unclosed left parenthesis");
    assertThat(alert.getDomAttribute("role")).isEqualTo("alert");
    browser.consoleErrors(); // the 400 is logged by the browser as a failed resource; expected here
  }

  @Test
  void urlParametersOpenPanelsAndAreWrittenBackCanonically() {
    String q = "?g0.expr=up%7Bjob%3D%22prometheus%22%7D&g0.tab=0&g0.stacked=1&g0.range_input=2h"
        + "&g0.end_input=2026-11-22%2003%3A48%3A53&g0.moment_input=2026-11-22%2003%3A48%3A53&g0.step_input=15"
        + "&g1.expr=up&g1.tab=1&g1.stacked=0&g1.range_input=1h";
    open("/graph" + q);
    assertThat(browser.driver.findElements(By.cssSelector("section.panel"))).hasSize(2);
    WebElement g = panel(0);
    waitDone(g);
    waitDone(panel(1));
    assertThat(g.findElement(By.cssSelector("input.range")).getDomProperty("value")).isEqualTo("2h");
    assertThat(g.findElement(By.cssSelector("[id$=-graph] input.end")).getDomProperty("value")).isEqualTo("2026-11-22 03:48:53");
    assertThat(g.findElement(By.cssSelector("input.step")).getDomProperty("value")).isEqualTo("15");
    assertThat(g.findElement(By.cssSelector("button.stacked")).getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(g.findElement(By.cssSelector(".cm-content")).getText()).isEqualTo("up{job=\"prometheus\"}");
    // The range query covers exactly the 2h before the given end (UTC), at the given step.
    MultiMap range = lastRequestTo("/api/v1/query_range");
    assertThat(Double.parseDouble(range.get("end"))).isEqualTo(1795319333.0);
    assertThat(Double.parseDouble(range.get("start"))).isEqualTo(1795319333.0 - 7200);
    assertThat(range.get("step")).isEqualTo("15");
    assertThat(panel(1).findElements(By.cssSelector("table.result-table tbody tr"))).hasSize(seriesIn("01-query-instant-vector.txt"));
    // Written back in Prometheus's own order and encoding.
    String url = browser.driver.getCurrentUrl();
    assertThat(url.substring(url.indexOf('?'))).isEqualTo(q);
    // "«" moves the end back by half the range (2h / 2).
    g.findElement(By.cssSelector("[id$=-graph] button[aria-label=Earlier]")).click();
    browser.wait.until(ExpectedConditions.urlContains("g0.end_input=2026-11-22%2002%3A48%3A53"));
    // "-" steps the range down through Prometheus's presets.
    g.findElement(By.cssSelector("button[aria-label='Shorter range']")).click();
    browser.wait.until(ExpectedConditions.urlContains("g0.range_input=1h&"));
  }

  /** Every result type in the Table tab, from Prometheus's own responses. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      03-query-scalar.txt         | scalar\\t1.5
      04-query-string.txt         | string\\thello
      05-query-matrix.txt         | up{env="test", instance="127.0.0.1:19090", job="prometheus"}\\t1 @1795313173.228\\n1 @1795313178.228\\n1 @1795313183.228
      06-query-special-floats.txt | {}\\t+Inf\\n{v="neg"}\\t-Inf\\n{v="nan"}\\tNaN
      """)
  void tableShowsEveryResultType(String recording, String expectedRows) {
    String request = RecordedApi.read("prometheus-2.42/" + recording).lines().findFirst().orElseThrow();
    String encodedExpr = request.substring(request.indexOf("query=") + 6, request.indexOf("&time="));
    open("/graph?g0.expr=" + encodedExpr + "&g0.tab=1");
    WebElement p = panel(0);
    waitDone(p);
    List<String> rows = p.findElements(By.cssSelector("table.result-table tbody tr")).stream()
        .map(r -> r.findElements(By.tagName("td")).get(0).getText() + "\t" + r.findElements(By.tagName("td")).get(1).getText())
        .toList();
    assertThat(String.join("\n", rows)).isEqualTo(expectedRows.replace("\\t", "\t").replace("\\n", "\n"));
  }

  /** Durations as Prometheus's UI writes range_input, and the UTC time format of end_input. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      1h          | 3600000    | 1h
      1h30m       | 5400000    | 1h30m
      90m         | 5400000    | 1h30m
      1d1h1m1s    | 90061000   | 1d1h1m1s
      2w          | 1209600000 | 2w
      1y          | 31536000000| 1y
      250ms       | 250        | 250ms
      15          | 15000      | 15s
      """)
  void durationsParseAndFormatLikePrometheus(String text, long ms, String formatted) {
    open("/flags"); // any page: common.js is everywhere
    List<?> got = (List<?>) browser.driver.executeScript(
        "return [Prom.parseDuration(arguments[0]), Prom.formatDuration(arguments[1])]", text, ms);
    assertThat(((Number) got.get(0)).longValue()).isEqualTo(ms);
    assertThat(got.get(1)).isEqualTo(formatted);
  }

  @Test
  void timesAreUtcInPrometheusUrlFormat() {
    open("/flags");
    assertThat(browser.driver.executeScript("return Prom.formatTime(1795319333000)")).isEqualTo("2026-11-22 03:48:53");
    assertThat(((Number) browser.driver.executeScript("return Prom.parseTime('2026-11-22 03:48:53')")).longValue())
        .isEqualTo(1795319333000L);
    assertThat(((Number) browser.driver.executeScript("return Prom.parseTime('2026-11-22T03:48:53.5Z')")).longValue())
        .isEqualTo(1795319333500L);
    assertThat(browser.driver.executeScript("return Prom.parseDuration('1h-') === null && Prom.parseDuration('') === null"))
        .isEqualTo(true);
  }

  @Test
  void statusPageShowsApiErrorsInPlace() {
    open("/config"); // this server has no recording for /api/v1/status/config: the fake answers 500
    WebElement alert = browser.driver.findElement(By.cssSelector("#main .alert[role=alert]"));
    assertThat(alert.getText()).startsWith("Error fetching data: test API has no recording for /api/v1/status/config");
    browser.consoleErrors();
  }

  @Test
  void autocompleteOffersMetricNamesFunctionsAndLabels() {
    open("/graph");
    WebElement p = panel(0);
    type(p, "istio_req");
    assertThat(completions()).contains("istio_requests_total");
    type(p, "rat");
    assertThat(completions()).contains("rate");
    type(p, "istio_requests_total{respo");
    assertThat(completions()).contains("response_code");
    type(p, "istio_requests_total{response_code=\"");
    assertThat(completions()).contains("200", "503");
    p.findElement(By.cssSelector(".cm-content")).sendKeys(Keys.ESCAPE);
    assertThat(browser.driver.findElements(By.cssSelector(".cm-tokens, .tok-string")).size()).isGreaterThan(0);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private List<String> completions() {
    By options = By.cssSelector(".cm-tooltip-autocomplete li .cm-completionLabel");
    browser.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(options, 0));
    return browser.driver.findElements(options).stream().map(WebElement::getText).toList();
  }

  @Test
  void metricsExplorerInsertsTheChosenMetric() {
    open("/graph");
    WebElement p = panel(0);
    p.findElement(By.cssSelector("button.open-explorer")).click();
    WebElement dialog = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog.explorer")));
    browser.wait.until(d -> !dialog.findElements(By.cssSelector(".explorer-list li")).isEmpty());
    int all = dialog.findElements(By.cssSelector(".explorer-list li")).size();
    String text = RecordedApi.read("prometheus-2.42/c03-label-name-values.txt");
    assertThat(all).isEqualTo(new JsonObject(text.substring(text.indexOf("\n\n") + 2)).getJsonArray("data").size());
    WebElement search = dialog.findElement(By.cssSelector("input[type=search]"));
    search.sendKeys("istio_requests");
    assertThat(dialog.findElements(By.cssSelector(".explorer-list li"))).extracting(WebElement::getText)
        .containsExactly("istio_requests_total");
    search.sendKeys(Keys.ENTER); // keyboard: Enter takes the first match
    browser.wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.explorer")));
    assertThat(p.findElement(By.cssSelector(".cm-content")).getText()).isEqualTo("istio_requests_total");
  }

  @Test
  void syntaxIsHighlighted() {
    open("/graph?g0.expr=" + java.net.URLEncoder.encode("sum by (job) (rate(istio_requests_total{response_code=~\"5..\"}[5m])) / 2",
        java.nio.charset.StandardCharsets.UTF_8) + "&g0.tab=1");
    WebElement p = panel(0);
    assertThat(p.findElements(By.cssSelector(".cm-content .tok-keyword"))).isNotEmpty(); // sum, by
    assertThat(p.findElements(By.cssSelector(".cm-content .tok-string"))).isNotEmpty(); // "5.."
    assertThat(p.findElements(By.cssSelector(".cm-content .tok-number"))).isNotEmpty(); // 2, 5m
  }

  @Test
  void panelsCanBeAddedAndRemoved() {
    open("/graph?g0.expr=up&g0.tab=1");
    browser.driver.findElement(By.cssSelector("button.add-panel")).click();
    assertThat(browser.driver.findElements(By.cssSelector("section.panel"))).hasSize(2);
    type(panel(1), "istio_requests_total");
    panel(1).findElement(By.cssSelector("button.execute")).click();
    waitDone(panel(1));
    assertThat(browser.driver.getCurrentUrl()).contains("g1.expr=istio_requests_total");
    panel(0).findElement(By.cssSelector("button.remove")).click();
    assertThat(browser.driver.findElements(By.cssSelector("section.panel"))).hasSize(1);
    String url = browser.driver.getCurrentUrl();
    assertThat(url).contains("g0.expr=istio_requests_total").doesNotContain("g1.");
  }

  /** 500 series x 1,000 points (generated) must draw completely; the time is logged, not asserted. */
  @Test
  void drawsFiveHundredSeriesOfAThousandPoints() throws Exception {
    open("/graph?g0.expr=synthetic_500x1000&g0.tab=0&g0.range_input=1h&g0.step_input=4");
    WebElement p = panel(0);
    waitDone(p);
    assertThat(p.findElements(By.cssSelector(".messages .alert"))).isEmpty();
    assertThat(p.findElement(By.cssSelector(".chart")).getDomAttribute("data-rendered-series")).isEqualTo("500");
    assertThat(p.findElements(By.cssSelector(".legend li"))).hasSize(500);
    // Redraw through the page's own path and report the time (machine is shared: no assertion).
    Object redraw = browser.driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; const b = document.querySelector('button.execute');"
            + "const p = document.querySelector('section.panel'); const t0 = performance.now(); b.click();"
            + "const poll = () => p.dataset.state === 'done' ? done(performance.now() - t0) : setTimeout(poll, 5); poll();");
    System.out.printf(Locale.ROOT, "graph: 500 series x 1000 points fetched, parsed and drawn in %.0f ms %s%n",
        ((Number) redraw).doubleValue(), browser.driver.executeScript("return JSON.stringify(PromGraph.panels[0].timings)"));
    Object stackAndDraw = browser.driver.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; const t0 = performance.now();"
            + "document.querySelector('button.stacked').click();"
            + "requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));");
    System.out.printf(Locale.ROOT, "graph: 500 series x 1000 points stacked and redrawn in %.0f ms %s%n",
        ((Number) stackAndDraw).doubleValue(), browser.driver.executeScript("return JSON.stringify(PromGraph.panels[0].timings)"));
    assertThat(p.findElement(By.cssSelector(".chart")).getDomAttribute("data-rendered-series")).isEqualTo("500");
    browser.screenshot("graph-500-series");
  }

  private MultiMap lastRequestTo(String path) {
    List<MultiMap> all = server.api.requests();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (path.equals(all.get(i).get("__path"))) {
        return all.get(i);
      }
    }
    throw new AssertionError("no request to " + path + " in " + server.api.requestPaths());
  }

  /** A matrix like a range query's: series on one step grid, values a deterministic wave. */
  static String syntheticMatrix(int series, int points) {
    long step = 4; // the test asks for g0.step_input=4, so the points sit on the query's grid
    long start = System.currentTimeMillis() / 1000 - step * (points - 1);
    JsonArray result = new JsonArray();
    for (int s = 0; s < series; s++) {
      JsonArray values = new JsonArray();
      for (int i = 0; i < points; i++) {
        values.add(new JsonArray().add(start + i * step).add(Double.toString(s + Math.sin((i + s) / 20.0))));
      }
      result.add(new JsonObject().put("metric", new JsonObject().put("__name__", "synthetic_500x1000")
          .put("pod", "pod-" + s)).put("values", values));
    }
    return new JsonObject().put("status", "success")
        .put("data", new JsonObject().put("resultType", "matrix").put("result", result)).encode();
  }
}
