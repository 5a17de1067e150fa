package io.promethium.web;

import java.util.List;

/**
 * A page of the UI: its path, the title in the nav and browser tab, and the scripts (under
 * {@code /assets/}) that render it, in load order. All pages share one HTML shell
 * (webroot/shell.html) and fill in its {@code <main>}; only /graph loads the chart library and
 * the 480 KB editor bundle.
 */
record UiPage(String path, String title, List<String> scripts) {

  static final UiPage[] ALL = {
    new UiPage("/graph", "Graph", List.of("vendor/uPlot.iife.min.js", "vendor/promql-editor.min.js",
        "graph-url.js", "graph-table.js", "graph-chart.js", "graph-explorer.js", "graph.js")),
    new UiPage("/targets", "Targets", List.of("targets.js")),
    new UiPage("/service-discovery", "Service Discovery", List.of("service-discovery.js")),
    new UiPage("/config", "Configuration", List.of("config.js")),
    new UiPage("/flags", "Command-Line Flags", List.of("flags.js")),
    new UiPage("/status", "Runtime & Build Information", List.of("status.js")),
    new UiPage("/tsdb-status", "TSDB Status", List.of("tsdb-status.js")),
  };
}
