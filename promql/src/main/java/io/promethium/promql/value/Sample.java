package io.promethium.promql.value;

import io.promethium.tsdb.Labels;

/** One element of an instant vector. */
public record Sample(Labels labels, long t, double v) {}
