package io.promethium.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * An evaluated query, written straight into the response: {@link #writeResult} emits the
 * {@code result} value for {@link #resultType()} ({@code vector}, {@code matrix}, {@code scalar},
 * {@code string}) with {@link ApiJson#writeLabels} and {@link ApiJson#writePoint}.
 */
public interface QueryResult {
  String resultType();

  void writeResult(JsonGenerator g) throws IOException;

  default List<String> warnings() {
    return List.of();
  }

  /** Samples loaded from storage, for {@code stats}. */
  default long totalQueryableSamples() {
    return 0;
  }

  /** Largest number of samples held at once, for {@code stats}. */
  default long peakSamples() {
    return 0;
  }
}
