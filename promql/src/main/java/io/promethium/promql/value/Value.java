package io.promethium.promql.value;

/** A query result value: one of the four PromQL types. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {}
