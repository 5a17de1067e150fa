package io.promethium.api;

import io.promethium.tsdb.Labels;

/**
 * Flags that shape the API's behaviour, mirroring Prometheus's: {@code --web.enable-admin-api},
 * {@code --web.enable-remote-write-receiver}, {@code --query.max-concurrency}, {@code --query.timeout},
 * {@code --query.lookback-delta} (federation), {@code --web.cors.origin}, the global external labels
 * (federation, remote read) and {@code --storage.remote.read-sample-limit}.
 */
public record ApiOptions(boolean adminApiEnabled, boolean remoteWriteReceiverEnabled, int maxConcurrency,
    long queryTimeoutMs, long lookbackDeltaMs, String corsOrigin, Labels externalLabels, long remoteReadSampleLimit) {

  /** Prometheus 2.42's defaults. */
  public static ApiOptions defaults() {
    return new ApiOptions(false, false, 20, 120_000, 300_000, ".*", Labels.EMPTY, 50_000_000);
  }

  public ApiOptions withAdminApi(boolean enabled) {
    return new ApiOptions(enabled, remoteWriteReceiverEnabled, maxConcurrency, queryTimeoutMs, lookbackDeltaMs,
        corsOrigin, externalLabels, remoteReadSampleLimit);
  }

  public ApiOptions withRemoteWriteReceiver(boolean enabled) {
    return new ApiOptions(adminApiEnabled, enabled, maxConcurrency, queryTimeoutMs, lookbackDeltaMs, corsOrigin,
        externalLabels, remoteReadSampleLimit);
  }

  public ApiOptions withMaxConcurrency(int n) {
    return new ApiOptions(adminApiEnabled, remoteWriteReceiverEnabled, n, queryTimeoutMs, lookbackDeltaMs,
        corsOrigin, externalLabels, remoteReadSampleLimit);
  }

  public ApiOptions withQueryTimeoutMs(long ms) {
    return new ApiOptions(adminApiEnabled, remoteWriteReceiverEnabled, maxConcurrency, ms, lookbackDeltaMs,
        corsOrigin, externalLabels, remoteReadSampleLimit);
  }

  /** {@code --query.lookback-delta}: how far back /federate looks for a series' latest sample. */
  public ApiOptions withLookbackDeltaMs(long ms) {
    return new ApiOptions(adminApiEnabled, remoteWriteReceiverEnabled, maxConcurrency, queryTimeoutMs, ms,
        corsOrigin, externalLabels, remoteReadSampleLimit);
  }

  public ApiOptions withCorsOrigin(String regex) {
    return new ApiOptions(adminApiEnabled, remoteWriteReceiverEnabled, maxConcurrency, queryTimeoutMs,
        lookbackDeltaMs, regex, externalLabels, remoteReadSampleLimit);
  }

  public ApiOptions withExternalLabels(Labels labels) {
    return new ApiOptions(adminApiEnabled, remoteWriteReceiverEnabled, maxConcurrency, queryTimeoutMs,
        lookbackDeltaMs, corsOrigin, labels, remoteReadSampleLimit);
  }

  public ApiOptions withRemoteReadSampleLimit(long limit) {
    return new ApiOptions(adminApiEnabled, remoteWriteReceiverEnabled, maxConcurrency, queryTimeoutMs,
        lookbackDeltaMs, corsOrigin, externalLabels, limit);
  }
}
