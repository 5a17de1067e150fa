package io.promethium.promql;

import java.util.List;

/** An instant-vector expression evaluated at every step: its series in output order. */
record StepVector(List<StepSeries> series) {}
