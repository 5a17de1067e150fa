package io.promethium.tsdb;

/**
 * What the query engine knows about a select: the time range it will read (including lookback and
 * range), the step, and the function applied. Storage may use it to skip work; it must never
 * change results.
 */
public record SelectHints(long start, long end, long step, String func, long range) {}
