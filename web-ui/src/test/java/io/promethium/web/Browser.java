package io.promethium.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian chromium driven through chromedriver, both found on PATH so Selenium Manager
 * never downloads anything. One per test class: starting the browser costs about 3 s.
 */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
  }

  /** Starts the browser, or skips the calling test class when chromium or chromedriver is missing. */
  static Browser start(String... extraArgs) throws IOException {
    Path chromium = onPath("chromium");
    Path chromedriver = onPath("chromedriver");
    assumeTrue(chromium != null && chromedriver != null, "chromium and chromedriver must be on PATH");
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(chromium.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1280,800", "--user-data-dir=" + profile);
    o.addArguments(extraArgs);
    o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService svc = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile())
        // without these, Chromium still writes ~/.config/chromium and ~/.cache/dconf
        .withEnvironment(Map.of("XDG_CONFIG_HOME", profile.resolve("xdg-config").toString(),
            "XDG_CACHE_HOME", profile.resolve("xdg-cache").toString()))
        .build();
    return new Browser(new ChromeDriver(svc, o), profile);
  }

  static Path onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir, exe);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Saves a PNG of the viewport as target/screenshots/{name}.png and returns its path. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File png = driver.getScreenshotAs(OutputType.FILE);
    Path out = SCREENSHOTS.resolve(name + ".png");
    Files.copy(png.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    return out;
  }

  /**
   * SEVERE entries of the browser console since the last call: uncaught script errors and failed
   * requests (the recorded API answers 500 to anything it has no recording for).
   */
  List<String> consoleErrors() {
    List<String> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> s = Files.walk(profile)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
