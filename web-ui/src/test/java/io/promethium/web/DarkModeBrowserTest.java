package io.promethium.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** With the system in dark mode (Chromium's --force-dark-mode) the pages switch to dark colours. */
class DarkModeBrowserTest {
  private static UiServer server;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start("--force-dark-mode");
    server = new UiServer(RecordedApi.load("c02-query-range-istio-requests-total.txt", "c07-targets.txt", "31-status-tsdb.txt"));
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

  private void open(String path) {
    browser.driver.get(server.url(path));
    browser.wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
  }

  /** Relative luminance of a CSS rgb()/rgba() colour, 0 (black) to 1 (white). */
  private static double luminance(String css) {
    String[] p = css.replaceAll("[^0-9.,]", "").split(",");
    return (0.2126 * Double.parseDouble(p[0]) + 0.7152 * Double.parseDouble(p[1]) + 0.0722 * Double.parseDouble(p[2])) / 255;
  }

  @Test
  void graphIsDarkWithLightText() throws Exception {
    open("/graph?g0.expr=istio_requests_total&g0.tab=0");
    WebElement panel = browser.driver.findElement(By.cssSelector("section.panel"));
    browser.wait.until(d -> "done".equals(panel.getDomAttribute("data-state")));
    WebElement body = browser.driver.findElement(By.tagName("body"));
    assertThat(luminance(body.getCssValue("background-color"))).isLessThan(0.15);
    assertThat(luminance(body.getCssValue("color"))).isGreaterThan(0.8);
    assertThat(luminance(panel.findElement(By.cssSelector(".cm-editor")).getCssValue("background-color"))).isLessThan(0.15);
    assertThat(panel.findElements(By.cssSelector(".legend li"))).isNotEmpty();
    browser.screenshot("graph-graph-dark");
  }

  @Test
  void targetsAndTsdbStatusAreDark() throws Exception {
    open("/targets");
    WebElement pool = browser.driver.findElement(By.cssSelector("details.pool"));
    assertThat(luminance(pool.getCssValue("background-color"))).isLessThan(0.15);
    browser.screenshot("targets-dark");
    open("/tsdb-status");
    assertThat(luminance(browser.driver.findElement(By.cssSelector("table.data")).getCssValue("background-color"))).isLessThan(0.15);
    browser.screenshot("tsdb-status-dark");
  }
}
