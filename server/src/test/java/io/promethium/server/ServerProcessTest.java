package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary as an operator runs it: a real child JVM, real signals, real exit codes. */
class ServerProcessTest {
  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();

  static Process launch(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.log").toFile()).start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  String get(int port, String path) {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (Exception e) {
      return "down";
    }
  }

  void awaitBody(int port, String path, String contains, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = get(port, path);
      if (last.contains(contains)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("GET " + path + " never contained " + contains + "; last: " + last + "\nlog:\n"
        + Files.readString(dir.resolve("out.log")));
  }

  @Test
  void sighupReloadsAndSigtermExitsCleanly() throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, ServerLifecycleTest.GOOD);
    int port = freePort();
    Process p = launch(dir, "--config.file=" + cfg, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port);
    try {
      awaitBody(port, "/-/ready", "200 Prometheus Server is Ready.", Duration.ofSeconds(60));
      // A JVM started with SIGHUP ignored (this test run under nohup: children inherit it) cannot
      // take the signal back, unlike Go; then only the SIGTERM half below applies.
      if (!sighupIgnoredHere()) {
        reloadsOnSighup(p, cfg, port);
      }

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(Files.readString(dir.resolve("out.log"))).contains("See you next time!");
    } finally {
      p.destroyForcibly();
    }
  }

  /** Whether this process ignores SIGHUP (bit 0 of SigIgn in /proc/self/status). */
  private static boolean sighupIgnoredHere() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1) != 0;
      }
    }
    return false;
  }

  private void reloadsOnSighup(Process p, Path cfg, int port) throws Exception {
    // A broken file followed by SIGHUP: the reload fails and the metric says so.
    Files.writeString(cfg, ServerLifecycleTest.BAD);
    // Wait out the file watcher so that the SIGHUP is what we observe: the watcher reloads
    // too, and either path must leave the same result.
    new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
    awaitBody(port, "/metrics", "prometheus_config_last_reload_successful 0", Duration.ofSeconds(20));
    Files.writeString(cfg, ServerLifecycleTest.GOOD_30S);
    new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
    awaitBody(port, "/metrics", "prometheus_config_last_reload_successful 1", Duration.ofSeconds(20));
    // The file watcher may have reloaded first; the signal's own reload is logged when the JVM's
    // signal thread gets to it (asynchronous, and slow on a loaded machine).
    long logDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!Files.readString(dir.resolve("out.log")).contains("Received SIGHUP") && System.nanoTime() < logDeadline) {
      Thread.sleep(100);
    }
    assertThat(Files.readString(dir.resolve("out.log"))).contains("Received SIGHUP");
  }

  @Test
  void unknownFlagsFailWithAClearMessage() throws Exception {
    Process p = launch(dir, "--storage.tsdb.pth=x");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(Files.readString(dir.resolve("out.log"))).contains("Unknown option: '--storage.tsdb.pth=x'");
  }

  @Test
  void checkConfigAgreesWithTheLoader() throws Exception {
    Path good = dir.resolve("good.yml");
    Files.writeString(good, ServerLifecycleTest.GOOD);
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, ServerLifecycleTest.BAD);
    Process ok = launch(dir, "check", "config", good.toString());
    assertThat(ok.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ok.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("out.log"))).contains(" SUCCESS: " + good + " is valid prometheus config file syntax");
    Process fail = launch(dir, "check", "config", bad.toString());
    assertThat(fail.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(fail.exitValue()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("out.log")))
        .contains("  FAILED: ").contains("scrape timeout greater than scrape interval");
  }
}
