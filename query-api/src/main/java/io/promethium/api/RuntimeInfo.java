package io.promethium.api;

import java.time.Instant;

/**
 * {@code /api/v1/status/runtimeinfo}, field for field as Prometheus names them. The Go-specific
 * figures map to JVM ones: goroutineCount = live threads, GOMAXPROCS = available processors.
 */
public record RuntimeInfo(Instant startTime, String cwd, boolean reloadConfigSuccess, Instant lastConfigTime,
    long corruptionCount, long goroutineCount, int gomaxprocs, String gogc, String godebug, String storageRetention) {}
