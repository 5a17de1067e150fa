package io.promethium.server;

import io.promethium.tsdb.Tsdb;

/**
 * The store's figures under Prometheus's {@code prometheus_tsdb_*} names, read at scrape time.
 * Written as exposition text rather than through Micrometer: Prometheus's own names end in
 * {@code _created_total} (e.g. {@code prometheus_tsdb_head_series_created_total}), a suffix the
 * Prometheus Java client reserves and strips, which would break dashboards built for Prometheus.
 */
final class TsdbMetrics {
  private final Tsdb tsdb;

  TsdbMetrics(Tsdb tsdb) {
    this.tsdb = tsdb;
  }

  void appendTo(StringBuilder out) {
    gauge(out, "prometheus_tsdb_head_series", "Total number of series in the head block.", tsdb.headSeries());
    counter(out, "prometheus_tsdb_head_series_created_total", "Total number of series created in the head",
        tsdb.seriesCreated());
    counter(out, "prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head",
        tsdb.seriesRemovedFromHead());
    counter(out, "prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.",
        tsdb.appendedSamples());
    counter(out, "prometheus_tsdb_head_chunks_created_total", "Total number of chunks created in the head",
        tsdb.chunksCreated());
    counter(out, "prometheus_tsdb_out_of_order_samples_total",
        "Total number of out of order samples ingestion failed attempts.", tsdb.outOfOrderSamples());
    counter(out, "prometheus_tsdb_duplicate_samples_total",
        "Total number of samples rejected because another value was stored for their timestamp.",
        tsdb.duplicateSamples());
    gauge(out, "prometheus_tsdb_storage_size_bytes", "Bytes used by the store on disk, all files counted.",
        tsdb.diskSizeBytes());
    long min = tsdb.minTime();
    gauge(out, "prometheus_tsdb_lowest_timestamp",
        "Lowest timestamp value stored in the database. The unit is decided by the library consumer.",
        min == Long.MAX_VALUE ? 0 : min);
    out.append("# HELP prometheus_tsdb_data_replay_duration_seconds Time taken to replay the data on disk.\n")
        .append("# TYPE prometheus_tsdb_data_replay_duration_seconds gauge\n")
        .append("prometheus_tsdb_data_replay_duration_seconds ").append(tsdb.recoveryMillis() / 1000.0).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    line(out, name, help, "gauge", value);
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    line(out, name, help, "counter", value);
  }

  private static void line(StringBuilder out, String name, String help, String type, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    out.append(name).append(' ').append(value).append('\n');
  }
}
