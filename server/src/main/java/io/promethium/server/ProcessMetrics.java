package io.promethium.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process metrics every Prometheus client exports under the same names
 * ({@code process_cpu_seconds_total}, {@code process_resident_memory_bytes},
 * {@code process_virtual_memory_bytes}), which dashboards for Prometheus itself use.
 * Memory comes from {@code /proc/self/statm} on Linux.
 */
final class ProcessMetrics implements MeterBinder {
  private static final Path STATM = Path.of("/proc/self/statm");
  private static final long PAGE_SIZE = 4096;

  @Override
  public void bindTo(MeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .description("Total user and system CPU time spent in seconds.")
          .baseUnit("seconds")
          .register(registry);
    }
    if (Files.isReadable(STATM)) {
      Gauge.builder("process.resident.memory", () -> statm(1))
          .description("Resident memory size in bytes.").baseUnit("bytes").register(registry);
      Gauge.builder("process.virtual.memory", () -> statm(0))
          .description("Virtual memory size in bytes.").baseUnit("bytes").register(registry);
    }
  }

  private static double statm(int field) {
    try {
      String[] f = Files.readString(STATM).trim().split(" ");
      return Long.parseLong(f[field]) * (double) PAGE_SIZE;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
