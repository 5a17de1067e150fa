package io.promethium.promql.value;

import java.util.List;

/** A range vector / range query result: series sorted by labels. */
public record Matrix(List<MatrixSeries> series) implements Value {
  public Matrix {
    series = List.copyOf(series);
  }
}
