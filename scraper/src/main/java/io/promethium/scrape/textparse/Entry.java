package io.promethium.scrape.textparse;

/** What {@link ExpositionParser#next()} found; mirrors Prometheus's textparse entry types. */
public enum Entry {
  SERIES,
  TYPE,
  HELP,
  UNIT,
  COMMENT,
  /** End of input (for OpenMetrics: the {@code # EOF} line, nothing after it). */
  EOF
}
