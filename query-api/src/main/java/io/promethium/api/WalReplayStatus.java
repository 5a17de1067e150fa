package io.promethium.api;

/** {@code /api/v1/status/walreplay}: WAL segments replayed at startup (all 0 once replay is done or when none). */
public record WalReplayStatus(long min, long max, long current) {}
