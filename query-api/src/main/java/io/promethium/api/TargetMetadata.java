package io.promethium.api;

import io.promethium.tsdb.Labels;
import java.util.List;

/** The metadata one active target exposed, keyed by its final target labels. */
public record TargetMetadata(Labels target, List<MetricMetadata> metadata) {}
