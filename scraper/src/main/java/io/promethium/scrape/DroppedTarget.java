package io.promethium.scrape;

import io.promethium.tsdb.Labels;

/** A discovered target that relabeling dropped, for {@code /api/v1/targets} "droppedTargets". */
public record DroppedTarget(String job, Labels discoveredLabels) {}
