package io.promethium.promql.ast;

import java.util.List;

/**
 * How two vectors are matched: {@code on}/{@code ignoring} labels and the {@code group_left}/
 * {@code group_right} include list. Set operators always match many-to-many.
 */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on, List<String> include) {
  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }
}
