package io.promethium.server;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.promethium.tsdb.Tsdb;
import java.util.function.ToDoubleFunction;

/** The store's figures under Prometheus's {@code prometheus_tsdb_*} names, read when scraped. */
final class TsdbMetrics implements MeterBinder {
  private final Tsdb tsdb;

  TsdbMetrics(Tsdb tsdb) {
    this.tsdb = tsdb;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    gauge(r, "prometheus.tsdb.head.series", "Total number of series in the head block.", Tsdb::headSeries);
    counter(r, "prometheus.tsdb.head.series.created", "Total number of series created in the head",
        Tsdb::seriesCreated);
    counter(r, "prometheus.tsdb.head.series.removed", "Total number of series removed in the head",
        Tsdb::seriesRemovedFromHead);
    counter(r, "prometheus.tsdb.head.samples.appended", "Total number of appended samples.", Tsdb::appendedSamples);
    counter(r, "prometheus.tsdb.head.chunks.created", "Total number of chunks created in the head",
        Tsdb::chunksCreated);
    counter(r, "prometheus.tsdb.out.of.order.samples", "Total number of out of order samples ingestion failed attempts.",
        Tsdb::outOfOrderSamples);
    counter(r, "prometheus.tsdb.duplicate.samples", "Total number of samples rejected as duplicates of a stored timestamp.",
        Tsdb::duplicateSamples);
    gauge(r, "prometheus.tsdb.storage.size.bytes", "Bytes used by the store on disk, all files counted.",
        Tsdb::diskSizeBytes);
    Gauge.builder("prometheus.tsdb.lowest.timestamp", tsdb, Tsdb::minTime)
        .description("Lowest timestamp value stored in the database. The unit is decided by the library consumer.")
        .register(r);
    Gauge.builder("prometheus.tsdb.data.replay.duration", tsdb, t -> t.recoveryMillis() / 1000.0)
        .description("Time taken to replay the data on disk.").baseUnit("seconds").register(r);
  }

  private void gauge(MeterRegistry r, String name, String help, ToDoubleFunction<Tsdb> f) {
    Gauge.builder(name, tsdb, f).description(help).register(r);
  }

  private void counter(MeterRegistry r, String name, String help, ToDoubleFunction<Tsdb> f) {
    FunctionCounter.builder(name, tsdb, f).description(help).register(r);
  }
}
