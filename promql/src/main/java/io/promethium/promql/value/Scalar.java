package io.promethium.promql.value;

public record Scalar(long t, double v) implements Value {}
