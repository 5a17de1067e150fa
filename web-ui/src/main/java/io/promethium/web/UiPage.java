package io.promethium.web;

/**
 * A page of the UI: its path, the title in the nav and browser tab, and the script that renders it.
 * All pages share one HTML shell (webroot/shell.html); the page script fills in {@code <main>}.
 * Only {@code graphing} pages load the chart library and the 480 KB editor bundle.
 */
record UiPage(String path, String title, String script, boolean graphing) {

  static final UiPage[] ALL = {
    new UiPage("/graph", "Graph", "graph.js", true),
    new UiPage("/targets", "Targets", "targets.js", false),
    new UiPage("/service-discovery", "Service Discovery", "service-discovery.js", false),
    new UiPage("/config", "Configuration", "config.js", false),
    new UiPage("/flags", "Command-Line Flags", "flags.js", false),
    new UiPage("/status", "Runtime & Build Information", "status.js", false),
    new UiPage("/tsdb-status", "TSDB Status", "tsdb-status.js", false),
  };
}
