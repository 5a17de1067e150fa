package io.promethium.promql.promqltest;

import io.promethium.tsdb.Labels;
import java.util.List;

/** One command of a promqltest script. */
sealed interface ScriptCommand {
  record Load(long stepMs, List<SeriesLine> series) implements ScriptCommand {}

  record Clear() implements ScriptCommand {}

  /** An expected vector element, or (labels == null) an expected scalar. */
  record Expected(Labels labels, double value) {}

  record Eval(int line, String expr, long atMs, boolean fail, boolean ordered, List<Expected> expected)
      implements ScriptCommand {}

  record SeriesLine(Labels labels, List<Double> values) {}
}
