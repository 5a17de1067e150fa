package io.promethium.api;

import io.promethium.tsdb.Labels;

/** A target dropped by relabeling: only its discovered labels are shown; the pool is used for filtering. */
public record DroppedTarget(Labels discoveredLabels, String scrapePool) {}
