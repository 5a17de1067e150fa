package io.promethium.server;

import io.promethium.api.TsdbAdmin;
import io.promethium.tsdb.Matcher;
import io.promethium.tsdb.Tsdb;
import java.util.List;

/** The admin API's operations ({@code /api/v1/admin/tsdb/*}) on the store. */
final class StorageAdmin implements TsdbAdmin {
  private final Tsdb tsdb;

  StorageAdmin(Tsdb tsdb) {
    this.tsdb = tsdb;
  }

  @Override
  public void deleteSeries(long mint, long maxt, List<Matcher[]> matcherSets) {
    tsdb.deleteSeries(mint, maxt, matcherSets);
  }

  @Override
  public void cleanTombstones() {
    tsdb.cleanTombstones();
  }

  @Override
  public void snapshot(String name, boolean skipHead) {
    tsdb.snapshot(name, skipHead);
  }
}
