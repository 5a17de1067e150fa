package io.promethium.api;

/**
 * {@code /api/v1/status/runtimeinfo}, field for field as Prometheus names them. The Go-specific
 * figures map to JVM ones: goroutineCount = live threads, GOMAXPROCS = available processors.
 */
public record RuntimeInfo(long startTimeMs, String cwd, boolean reloadConfigSuccess, long lastConfigTimeMs,
    long corruptionCount, long goroutineCount, int gomaxprocs, String gogc, String godebug, String storageRetention) {}
