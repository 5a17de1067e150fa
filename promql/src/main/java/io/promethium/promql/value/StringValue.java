package io.promethium.promql.value;

public record StringValue(long t, String v) implements Value {}
