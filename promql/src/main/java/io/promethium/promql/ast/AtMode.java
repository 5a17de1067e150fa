package io.promethium.promql.ast;

/** Whether a selector or subquery has an {@code @} modifier, and which kind. */
public enum AtMode {
  NONE,
  TIMESTAMP,
  START,
  END
}
