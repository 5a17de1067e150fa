package io.promethium.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code promethium} launcher script and its JVM AOT cache: whatever state the cache is in
 * (absent, fresh, stale, corrupt, in an unwritable place) or whichever JDK runs it, the server
 * starts and becomes ready. The launcher runs in a copy of the repository's layout whose jar holds
 * this build's classes, so no Maven build is triggered from the test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherTest {
  @TempDir static Path home;
  private static Path jar;
  private static Path cacheDir;
  private final HttpClient client = HttpClient.newHttpClient();
  private static final Path javaHome = Path.of(System.getProperty("java.home"));

  @BeforeAll
  static void layout() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/proc/self")),
        "the launcher is a bash script; its flags are read from /proc");
    assumeTrue(Files.isExecutable(javaHome.resolve("bin/javac")), "the launcher wants a JDK");
    Path repo = Path.of("").toAbsolutePath().getParent();
    Files.createDirectories(home.resolve("scripts"));
    Files.copy(repo.resolve("promethium"), home.resolve("promethium"));
    Files.copy(repo.resolve("scripts/find-jdk.sh"), home.resolve("scripts/find-jdk.sh"));
    home.resolve("promethium").toFile().setExecutable(true);
    Files.createDirectories(home.resolve("server/target/lib"));
    jar = home.resolve("server/target/promethium.jar");
    writeJar(jar);
    // The launcher unpacks RocksDB's JNI library from the jar in lib/, as after a Maven package.
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (Path.of(e).getFileName().toString().startsWith("rocksdbjni-")) {
        Files.copy(Path.of(e), home.resolve("server/target/lib").resolve(Path.of(e).getFileName()));
      }
    }
    cacheDir = home.resolve("server/target");
  }

  /** This build's classes in one jar (class-data archives take jars only), its dependencies by Class-Path. */
  private static void writeJar(Path jar) throws IOException {
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    mf.getMainAttributes().put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
    List<String> deps = new ArrayList<>();
    Path classes = null;
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(e);
      if (Files.isDirectory(p) && Files.exists(p.resolve(Main.class.getName().replace('.', '/') + ".class"))) {
        classes = p;
      } else if (e.endsWith(".jar")) {
        deps.add(p.toUri().toString());
      }
    }
    assertThat(classes).as("main classes on the test classpath").isNotNull();
    mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", deps));
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jo = new JarOutputStream(out, mf);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        jo.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, jo);
        jo.closeEntry();
      }
    }
  }

  /** A started launcher: the JVM it exec'ed (same PID), its port and its output. */
  record Launched(Process process, int port, Path log) {}

  Launched launch(String name, Map<String, String> env) throws Exception {
    Path run = Files.createDirectories(home.resolve("runs/" + name));
    Path cfg = run.resolve("prometheus.yml");
    Files.writeString(cfg, ServerLifecycleTest.GOOD);
    int port = ServerProcessTest.freePort();
    Path log = run.resolve("out.log");
    ProcessBuilder pb = new ProcessBuilder(home.resolve("promethium").toString(), "--config.file=" + cfg,
        "--storage.tsdb.path=" + run.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--kubernetes.monitors.enabled=false")
        .directory(run.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().remove("PROMETHIUM_JAVA_OPTS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().putAll(env);
    return new Launched(pb.start(), port, log);
  }

  /** Waits for {@code /-/ready}, returns the JVM's command line, and stops it with SIGTERM. */
  List<String> readyThenStop(Launched l) throws Exception {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String last = "";
      while (System.nanoTime() < deadline) {
        assertThat(l.process().isAlive()).as("server running; log:\n%s", Files.readString(l.log())).isTrue();
        try {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + l.port() + "/-/ready")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
          last = r.statusCode() + " " + r.body();
          if (r.statusCode() == 200) {
            break;
          }
        } catch (IOException e) {
          last = e.toString();
        }
        Thread.sleep(100);
      }
      assertThat(last).as("log:\n%s", Files.readString(l.log())).startsWith("200 Prometheus Server is Ready.");
      List<String> cmdline = List.of(Files.readString(Path.of("/proc/" + l.process().pid() + "/cmdline")).split("\0"));
      assertThat(cmdline.get(0)).as("the launcher execs the JVM").endsWith("/bin/java");
      if (System.getProperty("os.arch").equals("amd64")) {
        // RocksDB's JNI library is loaded where the launcher unpacked it, not from a fresh /tmp copy.
        assertThat(Files.readString(Path.of("/proc/" + l.process().pid() + "/maps")))
            .contains(home.resolve("server/target/native").toString() + "/rocksdbjni-")
            .doesNotContain("/tmp/librocksdbjni");
      }
      l.process().destroy();
      assertThat(l.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(l.process().exitValue()).isZero();
      return cmdline;
    } finally {
      l.process().destroyForcibly();
    }
  }

  private List<Path> caches() throws IOException {
    try (Stream<Path> s = Files.list(cacheDir)) {
      return s.filter(p -> p.getFileName().toString().matches("promethium-\\d+-\\d+\\.aot")).toList();
    }
  }

  private static boolean aotCacheFlag(List<String> cmdline) {
    return cmdline.stream().anyMatch(a -> a.startsWith("-XX:AOTCache="));
  }

  private boolean jdk25() {
    return Runtime.version().feature() >= 25;
  }

  @Test
  @Order(1)
  void withoutACacheTheServerStartsAndOneIsTrainedInTheBackground() throws Exception {
    assertThat(caches()).isEmpty();
    List<String> cmdline = readyThenStop(launch("absent", Map.of()));
    assertThat(aotCacheFlag(cmdline)).isFalse();
    if (!jdk25()) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (caches().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(caches()).as("training log:\n%s", trainingLog()).hasSize(1);
    // Written under a temporary name and renamed: nothing half-written is left beside it.
    try (Stream<Path> s = Files.list(cacheDir)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  @Order(2)
  void aFreshCacheIsUsedWithoutComplaint() throws Exception {
    assumeTrue(jdk25() && !caches().isEmpty(), "needs JDK 25 and the cache of the first test");
    Launched l = launch("fresh", Map.of());
    assertThat(aotCacheFlag(readyThenStop(l))).isTrue();
    assertThat(Files.readString(l.log())).doesNotContain("[error]").doesNotContain("[warning][aot]");
  }

  @Test
  @Order(3)
  void aCorruptCacheDoesNotStopTheStart() throws Exception {
    assumeTrue(jdk25() && !caches().isEmpty(), "needs JDK 25 and the cache of the first test");
    Path cache = caches().get(0);
    byte[] good = Files.readAllBytes(cache);
    try {
      Files.writeString(cache, "not an AOT cache");
      Launched l = launch("corrupt", Map.of());
      // The launcher cannot tell (the file is newer than the jars); the JVM rejects it and runs on.
      assertThat(aotCacheFlag(readyThenStop(l))).isTrue();
      assertThat(Files.readString(l.log())).contains("[aot]");
    } finally {
      Files.write(cache, good);
    }
  }

  @Test
  @Order(4)
  void aCacheOlderThanTheJarIsNotUsed() throws Exception {
    assumeTrue(jdk25() && !caches().isEmpty(), "needs JDK 25 and the cache of the first test");
    Path cache = caches().get(0);
    FileTime was = Files.getLastModifiedTime(jar);
    Files.setLastModifiedTime(jar, FileTime.from(Files.getLastModifiedTime(cache).toInstant().plusSeconds(60)));
    try {
      // off: the point is the start; retraining is the first test's subject.
      Launched l = launch("stale", Map.of("PROMETHIUM_AOT", "off"));
      assertThat(aotCacheFlag(readyThenStop(l))).isFalse();
      l = launch("stale-sync-unwritable", Map.of("PROMETHIUM_AOT", "sync",
          "PROMETHIUM_AOT_DIR", jar.resolve("not-a-dir").toString()));
      List<String> cmdline = readyThenStop(l);
      assertThat(aotCacheFlag(cmdline)).as("no cache where none can be written").isFalse();
    } finally {
      Files.setLastModifiedTime(jar, was);
    }
  }

  @Test
  @Order(5)
  void onJdk21NoJdk25FlagsArePassed() throws Exception {
    // A JDK whose release file says 21 (binaries linked from this one): the launcher must not pass
    // flags a JDK 21 would refuse to start with.
    Path fake = Files.createDirectories(home.resolve("jdk21/bin"));
    Files.createSymbolicLink(fake.resolve("java"), javaHome.resolve("bin/java"));
    Files.createSymbolicLink(fake.resolve("javac"), javaHome.resolve("bin/javac"));
    Files.writeString(fake.getParent().resolve("release"), "JAVA_VERSION=\"21.0.5\"\nJAVA_RUNTIME_VERSION=\"21.0.5+11\"\n");
    Launched l = launch("jdk21", Map.of("JAVA_HOME", fake.getParent().toString()));
    List<String> cmdline = readyThenStop(l);
    assertThat(cmdline).noneMatch(a -> a.startsWith("-XX:AOT")).doesNotContain("--sun-misc-unsafe-memory-access=allow")
        .contains("--enable-native-access=ALL-UNNAMED");
    assertThat(Files.readString(l.log())).doesNotContain("training");
  }

  private String trainingLog() throws IOException {
    Path p = cacheDir.resolve("promethium-aot-training.log");
    return Files.exists(p) ? Files.readString(p) : "(none)";
  }
}
