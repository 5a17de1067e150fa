package io.promethium.promql;

/**
 * Engine limits and defaults, mirroring Prometheus's flags: {@code --query.lookback-delta} (5m),
 * {@code --query.timeout} (2m), {@code --query.max-samples} (50,000,000), and the step used by
 * subqueries written without one ({@code [5m:]}), which Prometheus takes from the global
 * evaluation interval (1m by default).
 */
public record EngineOptions(long lookbackDeltaMs, long timeoutMs, long maxSamples, long defaultSubqueryStepMs) {
  public static final EngineOptions DEFAULT = new EngineOptions(5 * 60_000L, 2 * 60_000L, 50_000_000L, 60_000L);

  public EngineOptions {
    if (lookbackDeltaMs <= 0 || timeoutMs <= 0 || maxSamples <= 0 || defaultSubqueryStepMs <= 0) {
      throw new IllegalArgumentException("engine options must be positive");
    }
  }

  public EngineOptions withLookbackDeltaMs(long v) {
    return new EngineOptions(v, timeoutMs, maxSamples, defaultSubqueryStepMs);
  }

  public EngineOptions withTimeoutMs(long v) {
    return new EngineOptions(lookbackDeltaMs, v, maxSamples, defaultSubqueryStepMs);
  }

  public EngineOptions withMaxSamples(long v) {
    return new EngineOptions(lookbackDeltaMs, timeoutMs, v, defaultSubqueryStepMs);
  }

  public EngineOptions withDefaultSubqueryStepMs(long v) {
    return new EngineOptions(lookbackDeltaMs, timeoutMs, maxSamples, v);
  }
}
