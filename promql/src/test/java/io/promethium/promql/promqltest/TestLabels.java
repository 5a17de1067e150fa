package io.promethium.promql.promqltest;

import io.promethium.tsdb.Labels;

/** Series-literal and number parsing shared with manual tools outside this package. */
public final class TestLabels {
  private TestLabels() {}

  public static Labels parse(String literal) {
    return ScriptParser.labels(literal);
  }

  public static double number(String s) {
    return SeriesNotation.number(s);
  }
}
