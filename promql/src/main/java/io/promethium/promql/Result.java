package io.promethium.promql;

import io.promethium.promql.value.Value;
import java.util.List;

/** A successful query result: the value and any warnings (e.g. from storage). */
public record Result(Value value, List<String> warnings, long totalQueryableSamples, long peakSamples) {
  public Result {
    warnings = List.copyOf(warnings);
  }

  public Result(Value value, List<String> warnings) {
    this(value, warnings, 0, 0);
  }
}
