package io.promethium.promql;

import io.promethium.promql.value.Value;
import java.util.List;

/** A successful query result: the value and any warnings (e.g. from storage). */
public record Result(Value value, List<String> warnings) {
  public Result {
    warnings = List.copyOf(warnings);
  }
}
