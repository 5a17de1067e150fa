package io.promethium.promql.value;

import java.util.List;

/** An instant vector, in the order the engine produced it (which matters after sort/topk). */
public record Vector(List<Sample> samples) implements Value {
  public Vector {
    samples = List.copyOf(samples);
  }
}
