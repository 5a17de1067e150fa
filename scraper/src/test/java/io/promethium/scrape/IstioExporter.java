package io.promethium.scrape;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the bench's istio_mesh_exporter.py (the copy in testdata/bench) as a child process on loopback ports. */
final class IstioExporter implements AutoCloseable {
  static final Path SCRIPT = Path.of("../testdata/bench/istio_mesh_exporter.py");

  private final Process process;
  private final int basePort;
  private final int targets;

  private IstioExporter(Process process, int basePort, int targets) {
    this.process = process;
    this.basePort = basePort;
    this.targets = targets;
  }

  static boolean available() {
    if (!Files.isRegularFile(SCRIPT)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static IstioExporter start(Path workDir, int targets, int maxRuntimeSeconds, String... extra) throws Exception {
    int base;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      base = s.getLocalPort();
    }
    base = Math.min(base, 65535 - targets - 1);
    Path ready = workDir.resolve("exporter.ready");
    List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--targets", Integer.toString(targets),
        "--host", "127.0.0.1", "--base-port", Integer.toString(base), "--max-runtime", Integer.toString(maxRuntimeSeconds),
        "--ready-file", ready.toString()));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(workDir.resolve("exporter.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(ready) || Files.size(ready) == 0) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException("exporter did not start: " + Files.readString(workDir.resolve("exporter.log")));
      }
      Thread.sleep(50);
    }
    return new IstioExporter(p, base, targets);
  }

  List<String> addresses() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      out.add("127.0.0.1:" + (basePort + i));
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
