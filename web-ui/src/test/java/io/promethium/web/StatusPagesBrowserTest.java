package io.promethium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The status pages in headless Chromium against recorded Prometheus 2.42 responses. */
class StatusPagesBrowserTest {
  private static UiServer server;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    server = new UiServer(RecordedApi.load("c07-targets.txt", "27-status-config.txt", "28-status-flags.txt",
        "29-status-runtimeinfo.txt", "30-status-buildinfo.txt", "31-status-tsdb.txt"));
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

  private WebElement open(String path) {
    browser.driver.get(server.url(path));
    browser.wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    WebElement main = browser.driver.findElement(By.id("main"));
    assertThat(main.findElements(By.cssSelector(".alert[role=alert]"))).as("API error on " + path).isEmpty();
    assertThat(browser.consoleErrors()).as("console errors on " + path).isEmpty();
    return main;
  }

  @Test
  void targetsGroupedByPoolWithHealthLabelsAndErrors() throws Exception {
    WebElement main = open("/targets");
    assertThat(main.findElement(By.tagName("h1")).getText()).isEqualTo("Targets");
    List<WebElement> pools = main.findElements(By.cssSelector("details.pool"));
    assertThat(pools).extracting(p -> p.getDomAttribute("data-pool")).containsExactly("kubernetes-pods", "prometheus");
    WebElement k8s = pools.get(0);
    assertThat(k8s.findElement(By.tagName("summary")).getText()).isEqualTo("kubernetes-pods(1/2 up)");
    WebElement up = k8s.findElement(By.cssSelector("tr[data-health=up]"));
    assertThat(up.getText()).contains("http://127.0.0.1:19392/stats/prometheus", "UP",
        "pod=\"reviews-v1-5c7b4d9f8-x2k9q\"", "namespace=\"bookinfo\"", "ago", "ms");
    WebElement down = k8s.findElement(By.cssSelector("tr[data-health=down]"));
    assertThat(down.getText()).contains("DOWN", "connect: connection refused");
    browser.screenshot("targets");
    // "Unhealthy only" hides the UP targets and pools left without targets.
    main.findElement(By.cssSelector("button.only-unhealthy")).click();
    assertThat(main.findElements(By.cssSelector("tr[data-health=up]"))).isEmpty();
    assertThat(main.findElements(By.cssSelector("tr[data-health=down]"))).hasSize(1);
    assertThat(main.findElements(By.cssSelector("details.pool"))).hasSize(1);
    main.findElement(By.cssSelector("button.only-unhealthy")).click();
    // The text filter matches endpoint and labels.
    WebElement search = main.findElement(By.cssSelector("input[type=search]"));
    search.sendKeys("19391");
    assertThat(main.findElements(By.cssSelector("tbody tr"))).hasSize(1);
    assertThat(main.findElement(By.cssSelector("details.pool")).getDomAttribute("data-pool")).isEqualTo("prometheus");
    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    assertThat(main.findElements(By.cssSelector("tbody tr"))).hasSize(3);
  }

  @Test
  void serviceDiscoveryShowsLabelsBeforeAndAfterRelabelingAndDroppedTargets() throws Exception {
    WebElement main = open("/service-discovery");
    WebElement pool = main.findElement(By.cssSelector("details.pool[data-pool=kubernetes-pods]"));
    assertThat(pool.findElement(By.tagName("summary")).getText()).contains("(2 / 3 active targets)");
    List<WebElement> rows = pool.findElements(By.cssSelector("tbody tr"));
    assertThat(rows).hasSize(3);
    // 2.42 lists active targets in no fixed order: find the scraped one by its address.
    WebElement reviews = rows.stream().filter(r -> r.getText().contains("127.0.0.1:19392")).findFirst().orElseThrow();
    assertThat(reviews.findElements(By.tagName("td")).get(0).getText())
        .contains("__meta_kubernetes_pod_container_name=\"istio-proxy\"", "__address__=\"127.0.0.1:19392\"");
    assertThat(reviews.findElements(By.tagName("td")).get(1).getText())
        .contains("pod=\"reviews-v1-5c7b4d9f8-x2k9q\"").doesNotContain("__meta_");
    WebElement dropped = pool.findElement(By.cssSelector("tr.dropped"));
    assertThat(dropped.getText()).contains("productpage-v1-6b7f6d9c4-m8h2k", "Dropped");
    browser.screenshot("service-discovery");
  }

  @Test
  void configShowsTheYaml() throws Exception {
    WebElement main = open("/config");
    String yaml = main.findElement(By.cssSelector("pre.config-yaml")).getText();
    assertThat(yaml).startsWith("global:\n  scrape_interval: 5s").contains("- job_name: relabel-demo", "action: keep");
    browser.screenshot("config");
  }

  @Test
  void flagsAreListedAndFilterable() throws Exception {
    WebElement main = open("/flags");
    List<WebElement> rows = main.findElements(By.cssSelector("table.flags tbody tr"));
    assertThat(rows.size()).isEqualTo(54); // every flag in 28-status-flags.txt
    assertThat(rows.get(0).getText()).isEqualTo("--alertmanager.notification-queue-capacity 10000");
    browser.screenshot("flags");
    main.findElement(By.cssSelector("input[type=search]")).sendKeys("retention");
    assertThat(main.findElements(By.cssSelector("table.flags tbody tr"))).extracting(WebElement::getText)
        .contains("--storage.tsdb.retention.time 0s").allMatch(t -> t.contains("retention"));
  }

  @Test
  void statusShowsRuntimeAndBuildInformation() throws Exception {
    WebElement main = open("/status");
    String text = main.getText();
    assertThat(text).contains("Runtime Information", "Build Information", "Start time 2026-11-22T02:04:06.338146369Z",
        "Configuration reload Successful", "Storage retention 15d", "Version 2.42.0+ds", "GoVersion go1.19.8");
    browser.screenshot("status");
  }

  @Test
  void tsdbStatusShowsHeadStatsAndCardinality() throws Exception {
    WebElement main = open("/tsdb-status");
    assertThat(main.findElement(By.cssSelector("table.head-stats tbody")).getText()).startsWith("1048 1048 375");
    List<WebElement> byMetric = main.findElements(By.cssSelector("table.by-metric tbody tr"));
    assertThat(byMetric).hasSize(10);
    assertThat(byMetric.get(0).getText()).isEqualTo("prometheus_http_request_duration_seconds_bucket 280");
    assertThat(main.findElement(By.cssSelector("table.by-label-name tbody tr")).getText()).isEqualTo("__name__ 219");
    assertThat(main.findElement(By.cssSelector("table.by-pair tbody tr")).getText()).isEqualTo("job=prometheus 1039");
    assertThat(main.findElement(By.cssSelector("table.by-memory tbody tr")).getText()).isEqualTo("__name__ 8328");
    browser.screenshot("tsdb-status");
  }

  /** Readable on a laptop: no page scrolls sideways at 1280x800 or 1024x768. */
  @Test
  void noPageOverflowsHorizontallyOnLaptopScreens() throws Exception {
    try {
      for (int[] size : new int[][] {{1280, 800}, {1024, 768}}) {
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(size[0], size[1]));
        for (String page : WebUi.pagePaths()) {
          if (page.equals("/graph")) {
            continue; // GraphPageBrowserTest serves /graph with its data
          }
          open(page);
          Object overflow = browser.driver.executeScript(
              "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
          assertThat(((Number) overflow).intValue()).as(page + " at " + size[0] + "x" + size[1]).isLessThanOrEqualTo(0);
        }
      }
      browser.screenshot("tsdb-status-1024x768"); // the last page visited
    } finally {
      browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
    }
  }

  @Test
  void navIsKeyboardReachableAndMarksTheCurrentPage() {
    open("/flags");
    WebElement current = browser.driver.findElement(By.cssSelector("nav a[aria-current=page]"));
    assertThat(current.getText()).isEqualTo("Command-Line Flags");
    // Tab from the top: skip link first, then the brand, then the nav links in order.
    Actions keys = new Actions(browser.driver);
    keys.sendKeys(Keys.TAB).perform();
    assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    keys.sendKeys(Keys.TAB).perform();
    assertThat(browser.driver.switchTo().activeElement().getText()).isEqualTo("Promethium");
    keys.sendKeys(Keys.TAB).perform();
    WebElement focused = browser.driver.switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Graph");
    focused.sendKeys(Keys.ENTER);
    browser.wait.until(d -> d.getCurrentUrl().contains("/graph"));
  }
}
