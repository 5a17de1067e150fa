package io.promethium.api;

import io.promethium.tsdb.Matcher;
import java.util.List;

/** The storage operations behind the admin API ({@code --web.enable-admin-api}). */
public interface TsdbAdmin {
  /** Deletes samples in {@code [mint, maxt]} of series matching any of the matcher sets. */
  void deleteSeries(long mint, long maxt, List<Matcher[]> matcherSets);

  /** Physically removes deleted data. */
  void cleanTombstones();

  /**
   * Writes a snapshot into {@code <data dir>/snapshots/<name>}; with {@code skipHead}, in-memory data
   * that is not yet persisted may be left out.
   */
  void snapshot(String name, boolean skipHead);
}
